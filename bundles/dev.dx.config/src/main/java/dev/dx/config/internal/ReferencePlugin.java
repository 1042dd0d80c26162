package dev.dx.config.internal;

import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore;

/**
 * Resolves {@code ${env:...}} and {@code ${secret:...}} in DX configurations at the moment ConfigurationAdmin hands
 * them to a component — so the resolved values live only in that component's memory. What cannot be resolved (the
 * store is locked, the secret does not exist) stays as written and is listed in {@value #UNRESOLVED}, so the
 * component can say "locked" instead of failing obscurely; the configuration is delivered again on unlock.
 */
@Component(property = {ConfigurationPlugin.CM_RANKING + ":Integer=500", "config.plugin.id=dev.dx.config.references"})
public final class ReferencePlugin implements ConfigurationPlugin {
    /** Property listing the references that could not be resolved, e.g. {@code secret:anthropic}. */
    public static final String UNRESOLVED = "dx.unresolved";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SecretStore secrets;

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object pid = properties.get("service.factoryPid");
        if (pid == null) {
            pid = properties.get("service.pid");
        }
        if (!(pid instanceof String) || !((String) pid).startsWith("dev.dx.")) {
            return;
        }
        Set<String> unresolved = new LinkedHashSet<>();
        for (String key : Collections.list(properties.keys())) {
            Object v = properties.get(key);
            if (v instanceof String) {
                properties.put(key, resolve((String) v, unresolved));
            } else if (v instanceof String[]) {
                String[] in = (String[]) v;
                String[] out = new String[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = resolve(in[i], unresolved);
                }
                properties.put(key, out);
            }
        }
        if (!unresolved.isEmpty()) {
            properties.put(UNRESOLVED, unresolved.toArray(new String[0]));
        }
    }

    private String resolve(String raw, Set<String> unresolved) {
        return References.resolve(raw, System::getenv, this::secret, unresolved);
    }

    private Optional<String> secret(String name) {
        SecretStore s = secrets;
        if (s == null) {
            return Optional.empty();
        }
        try {
            return s.get(name);
        } catch (RpcException e) {
            return Optional.empty();
        }
    }
}
