package dev.dx.provider.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.dx.api.model.ModelInfo;
import dev.dx.api.model.ModelProvider;

/**
 * Every {@link ModelProvider} service — DX's own and any other bundle's — with what is known about it, for
 * {@code models.list}, {@code providers:list} and {@code status}.
 */
@Component(service = ProviderDirectory.class)
public final class ProviderDirectory {
    /** What to tell a user who has no provider. */
    public static final String HOW_TO_CONFIGURE = "No model provider is configured: set ANTHROPIC_API_KEY (or "
            + "OPENAI_API_KEY) in DX's environment, or write etc/dev.dx.provider-anthropic.cfg with type = anthropic "
            + "and apiKey = ${secret:anthropic} after secrets:set anthropic";

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, ModelProvider>> providers;

    /**
     * A provider as listed.
     *
     * @param id          the provider id
     * @param type        its API type, or {@code other} for providers of other bundles
     * @param source      {@code file}, {@code env} or {@code service}
     * @param file        its configuration file, or {@code null}
     * @param unavailable why it cannot be used, or {@code null}
     * @param models      the models it lists (empty: it takes any model id)
     * @param usage       calls, failures and tokens since it was registered, or an empty map
     */
    public record Entry(String id, String type, String source, String file, String unavailable, List<ModelInfo> models,
            Map<String, Object> usage) {
        public boolean available() {
            return unavailable == null;
        }
    }

    /** @return every provider, sorted by id */
    public List<Entry> list() {
        List<Map.Entry<Map<String, Object>, ModelProvider>> snapshot = providers;
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<Map<String, Object>, ModelProvider> e : snapshot == null
                ? List.<Map.Entry<Map<String, Object>, ModelProvider>>of() : snapshot) {
            Map<String, Object> p = e.getKey();
            ModelProvider provider = e.getValue();
            String id = p.get(ModelProvider.ID) instanceof String s ? s : safeId(provider);
            List<ModelInfo> models;
            try {
                models = provider.models() == null ? List.of() : List.copyOf(provider.models());
            } catch (RuntimeException ex) {
                models = List.of();
            }
            out.add(new Entry(id, string(p.get(ProviderRegistration.TYPE), "other"),
                    string(p.get(ProviderRegistration.SOURCE), "service"), string(p.get(ProviderRegistration.FILE), null),
                    string(p.get(ProviderRegistration.UNAVAILABLE), null), models,
                    provider instanceof ProviderService ps ? ps.usage().snapshot() : Map.of()));
        }
        out.sort(Comparator.comparing(Entry::id));
        return out;
    }

    /** @return messages about providers that cannot be used, and ids registered twice */
    public List<String> problems(List<Entry> entries) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!e.available()) {
                problems.add("provider '" + e.id() + "' is unavailable: " + e.unavailable());
            }
            if (i > 0 && entries.get(i - 1).id().equals(e.id())) {
                problems.add("provider id '" + e.id() + "' is registered twice; give one of them another id");
            }
        }
        return problems;
    }

    private static String safeId(ModelProvider p) {
        try {
            return String.valueOf(p.id());
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String string(Object v, String otherwise) {
        return v instanceof String s ? s : otherwise;
    }
}
