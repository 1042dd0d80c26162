package dev.dx.provider.internal.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.model.ModelInfo;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.provider.internal.ProviderDirectory;

/** {@code models.list}: every provider and its models as {@code provider/model} ids, and why a provider is unusable. */
@Component(service = RpcMethod.class)
@Rpc(method = "models.list", scope = Scope.READ, category = "models",
        description = "Models by provider as provider/model ids, and the providers that cannot be used now and why")
public final class ModelsListMethod implements RpcMethod {
    @Reference
    private ProviderDirectory directory;

    @Override
    public Object call(RpcContext ctx) {
        List<ProviderDirectory.Entry> all = directory.list();
        List<Map<String, Object>> models = new ArrayList<>();
        List<Map<String, Object>> providers = new ArrayList<>();
        List<Map<String, Object>> unavailable = new ArrayList<>();
        for (ProviderDirectory.Entry p : all) {
            for (ModelInfo m : p.models()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", p.id() + "/" + m.id());
                row.put("provider", p.id());
                row.put("model", m.id());
                row.put("contextWindow", m.contextWindow());
                row.put("maxOutput", m.maxOutput());
                row.put("available", p.available());
                models.add(row);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", p.id());
            row.put("type", p.type());
            row.put("source", p.source());
            if (p.file() != null) {
                row.put("file", p.file());
            }
            row.put("available", p.available());
            row.put("anyModel", p.models().isEmpty());
            row.put("usage", p.usage());
            providers.add(row);
            if (!p.available()) {
                unavailable.add(Map.of("provider", p.id(), "reason", p.unavailable()));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("models", models);
        result.put("providers", providers);
        result.put("unavailable", unavailable);
        if (all.isEmpty()) {
            result.put("hint", ProviderDirectory.HOW_TO_CONFIGURE);
        }
        return result;
    }
}
