package dev.dx.config.internal.schema;

import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

/** Every DX configuration schema currently installed, by PID. */
@Component(service = SchemaCatalog.class)
public final class SchemaCatalog {
    @Reference
    private MetaTypeService metaType;
    @Reference
    private SchemaRegistry registry;

    private BundleContext context;

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
    }

    /** @return PID (or factory PID) → JSON Schema, for every {@code dev.dx.*} configuration */
    public Map<String, Map<String, Object>> all() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation mti = b.getState() == Bundle.UNINSTALLED ? null : metaType.getMetaTypeInformation(b);
            if (mti == null) {
                continue;
            }
            add(out, mti.getPids(), false);
            add(out, mti.getFactoryPids(), true);
        }
        return out;
    }

    private void add(Map<String, Map<String, Object>> out, String[] pids, boolean factory) {
        for (String pid : pids == null ? new String[0] : pids) {
            if (pid.startsWith("dev.dx.")) {
                SchemaRegistry.Schema s = registry.find(pid, factory);
                if (s != null) {
                    out.put(pid, JsonSchema.of(pid, factory, s));
                }
            }
        }
    }
}
