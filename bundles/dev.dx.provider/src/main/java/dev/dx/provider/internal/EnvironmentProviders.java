package dev.dx.provider.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.dx.api.model.ModelProvider;

/**
 * A user with only {@code ANTHROPIC_API_KEY} or {@code OPENAI_API_KEY} set is ready: those make the providers
 * {@code anthropic} and {@code openai} available with defaults — until a configuration file defines a provider of
 * the same id, which then wins.
 */
@Component(service = {})
public final class EnvironmentProviders {
    private static final ProviderType[] FROM_ENV = {ProviderType.ANTHROPIC, ProviderType.OPENAI};

    private final Map<Long, String> fileIds = new HashMap<>();
    private final Map<ProviderType, ProviderRegistration> registered = new EnumMap<>(ProviderType.class);
    private final Function<String, String> env;
    private BundleContext context;

    public EnvironmentProviders() {
        this(System::getenv);
    }

    EnvironmentProviders(Function<String, String> env) {
        this.env = env;
    }

    @Activate
    synchronized void activate(BundleContext ctx) {
        this.context = ctx;
        sync();
    }

    @Deactivate
    synchronized void deactivate() {
        registered.values().forEach(ProviderRegistration::close);
        registered.clear();
        context = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + ProviderRegistration.SOURCE + "=file)")
    synchronized void bindFileProvider(ModelProvider provider, Map<String, Object> props) {
        fileIds.put((Long) props.get("service.id"), String.valueOf(props.get(ModelProvider.ID)));
        sync();
    }

    synchronized void updatedFileProvider(ModelProvider provider, Map<String, Object> props) {
        bindFileProvider(provider, props);
    }

    synchronized void unbindFileProvider(ModelProvider provider, Map<String, Object> props) {
        fileIds.remove((Long) props.get("service.id"));
        sync();
    }

    private void sync() {
        if (context == null) {
            return;
        }
        for (ProviderType type : FROM_ENV) {
            String key = env.apply(type.envVar());
            boolean wanted = key != null && !key.isBlank() && !fileIds.containsValue(type.id());
            ProviderRegistration r = registered.get(type);
            if (wanted && r == null) {
                r = new ProviderRegistration(context);
                r.update(ProviderSettings.fromEnvironment(type, key.strip()));
                registered.put(type, r);
            } else if (!wanted && r != null) {
                registered.remove(type).close();
            }
        }
    }
}
