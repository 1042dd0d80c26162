package dev.dx.provider.internal;

import java.io.IOException;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.dx.api.secrets.SecretStore;

/**
 * One configured provider ({@code etc/dev.dx.provider-<name>.cfg}): registers a {@link dev.dx.api.model.ModelProvider}
 * with the property {@code dx.provider.id}, and moves it to new settings when the file changes — or when the
 * configuration is delivered again because the secret store was unlocked.
 */
@Component(configurationPid = ProviderConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ProviderConfig.class, factory = true)
public final class ProviderComponent {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SecretStore secrets;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    private ProviderRegistration registration;

    @Activate
    void activate(BundleContext context, ProviderConfig config, Map<String, Object> properties) {
        registration = new ProviderRegistration(context);
        registration.update(settings(config, properties));
    }

    @Modified
    void modified(ProviderConfig config, Map<String, Object> properties) {
        registration.update(settings(config, properties));
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }

    private ProviderSettings settings(ProviderConfig config, Map<String, Object> properties) {
        SecretStore s = secrets;
        return ProviderSettings.fromConfig(config, properties, rawApiKey(properties.get("service.pid")),
                s == null ? null : s.state(), System::getenv);
    }

    /** @return the apiKey as written (a reference such as ${secret:x}), to name what to check when it is refused */
    private String rawApiKey(Object pid) {
        ConfigurationAdmin ca = configAdmin;
        if (ca == null || pid == null) {
            return null;
        }
        try {
            Configuration[] found = ca.listConfigurations("(service.pid=" + pid + ")");
            Object raw = found == null || found.length == 0 || found[0].getProperties() == null ? null
                    : found[0].getProperties().get("apiKey");
            return raw instanceof String r ? r : null;
        } catch (IOException | InvalidSyntaxException e) {
            return null;
        }
    }
}
