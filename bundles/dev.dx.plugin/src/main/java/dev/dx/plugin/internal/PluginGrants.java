package dev.dx.plugin.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@code etc/dev.dx.plugin-<id>.cfg}: hands the grants it describes to the host, which (re)starts or stops the
 * plugin accordingly. Deleting the file takes every grant away.
 */
@Component(service = {}, configurationPid = GrantConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = GrantConfig.class, factory = true)
public final class PluginGrants {
    @Reference
    private PluginManager manager;
    private String id;

    @Activate
    void activate(GrantConfig config, Map<String, Object> props) {
        id = idOf(props);
        manager.operations().grantChanged(id, Grant.of(config));
    }

    @Modified
    void modified(GrantConfig config) {
        manager.operations().grantChanged(id, Grant.of(config));
    }

    @Deactivate
    void deactivate() {
        manager.operations().grantChanged(id, null);
    }

    /** The plugin id is the configuration's name: {@code dev.dx.plugin~<id>}, from the file name. */
    static String idOf(Map<String, Object> props) {
        String pid = String.valueOf(props.get("service.pid"));
        int tilde = pid.indexOf('~');
        return tilde < 0 ? pid : pid.substring(tilde + 1);
    }
}
