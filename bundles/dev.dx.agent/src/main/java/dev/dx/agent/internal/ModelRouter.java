package dev.dx.agent.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelProvider;
import dev.dx.api.rpc.ErrorCode;

/** Finds the provider for a {@code provider/model} reference among the provider services present now. */
@Component(service = ModelRouter.class)
public final class ModelRouter {
    private final Map<ModelProvider, String> providers = new ConcurrentHashMap<>();

    /** A resolved model: the provider and the model id at that provider. */
    public record Target(ModelProvider provider, String model, String ref) {
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(ModelProvider p) {
        providers.put(p, p.id());
    }

    void removeProvider(ModelProvider p) {
        providers.remove(p);
    }

    /**
     * @throws ModelException UNAVAILABLE (failover allowed, so a fallback on another provider can answer) with the
     *                        steps to configure the provider
     */
    public Target resolve(String ref) {
        int slash = ref.indexOf('/');
        String providerId = ref.substring(0, slash);
        String model = ref.substring(slash + 1);
        for (Map.Entry<ModelProvider, String> e : providers.entrySet()) {
            if (e.getValue().equals(providerId)) {
                return new Target(e.getKey(), model, ref);
            }
        }
        throw new ModelException(ErrorCode.UNAVAILABLE, howToConfigure(providerId), true, 0, null);
    }

    static String howToConfigure(String providerId) {
        String env = providerId.equals("anthropic") ? "ANTHROPIC_API_KEY" : providerId.equals("openai")
                ? "OPENAI_API_KEY" : null;
        String type = providerId.equals("openai") ? "openai" : providerId.equals("anthropic") ? "anthropic"
                : "openai-compatible";
        return "No model provider '" + providerId + "' is configured. "
                + (env != null ? "Set " + env + " in DX's environment, or " : "")
                + "run secrets:set " + providerId + " in the console and write etc/dev.dx.provider-" + providerId
                + ".cfg with 'type = " + type + "' and 'apiKey = ${secret:" + providerId + "}'"
                + (type.equals("openai-compatible") ? " and 'baseUrl = http://…'" : "")
                + "; or point the agent's model in etc/dev.dx.agent-<id>.cfg at a configured provider.";
    }
}
