package dev.dx.agent.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/** One configured agent. Its settings change in place when its file changes; runs pick them up at their next step. */
@Component(service = Agent.class, configurationPid = AgentConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AgentConfig.class, factory = true)
public final class Agent {
    private volatile AgentSettings settings;

    @Activate
    @Modified
    void configure(AgentConfig config, Map<String, Object> props) {
        Object pid = props.get("service.pid");
        String name = pid instanceof String && ((String) pid).contains("~")
                ? ((String) pid).substring(((String) pid).indexOf('~') + 1) : null;
        this.settings = AgentSettings.of(config, name);
    }

    public AgentSettings settings() {
        return settings;
    }
}
