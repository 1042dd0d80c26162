package dev.dx.gateway.internal.core;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.status.StatusContributor;

import dev.dx.gateway.internal.GatewayConfig;
import dev.dx.gateway.internal.rpc.MethodRegistry;
import dev.dx.gateway.internal.transport.ConnectionRegistry;

/** What {@code status} and {@code gateway:status} report: version, uptime, listeners, DX bundles and features. */
@Component(service = StatusReport.class, configurationPid = GatewayConfig.PID)
public final class StatusReport {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReport.class);
    @Reference
    private MethodRegistry methods;
    @Reference
    private ConnectionRegistry connections;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FeaturesService features;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<StatusContributor> contributors;

    private BundleContext context;
    private volatile GatewayConfig config;

    @Activate
    void activate(BundleContext context, GatewayConfig config) {
        this.context = context;
        this.config = config;
    }

    @Modified
    void modified(GatewayConfig config) {
        this.config = config;
    }

    /** @return the status as JSON-ready maps and lists */
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", "dx");
        r.put("version", context.getBundle().getVersion().toString());
        r.put("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime());
        GatewayConfig c = config;
        Map<String, Object> gw = new LinkedHashMap<>();
        gw.put("url", "http://" + (c.bindAddress().contains(":") ? "[" + c.bindAddress() + "]" : c.bindAddress())
                + ":" + c.port());
        gw.put("connections", connections.connections().size());
        gw.put("methods", methods.list().size());
        r.put("gateway", gw);
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("dev.dx.")) {
                bundles.add(Map.of("name", b.getSymbolicName(), "version", b.getVersion().toString(),
                        "state", state(b.getState())));
            }
        }
        r.put("bundles", bundles);
        FeaturesService fs = features;
        if (fs != null) {
            List<Map<String, Object>> fl = new ArrayList<>();
            try {
                for (Feature f : fs.listFeatures()) {
                    if (f.getName().equals("dx") || f.getName().startsWith("dx-")) {
                        fl.add(Map.of("name", f.getName(), "version", f.getVersion(), "installed", fs.isInstalled(f)));
                    }
                }
            } catch (Exception e) {
                fl.add(Map.of("error", "features unavailable"));
            }
            r.put("features", fl);
        }
        List<StatusContributor> sections = contributors;
        if (sections != null) {
            for (StatusContributor section : sections) {
                try {
                    r.put(section.name(), section.status());
                } catch (RuntimeException e) {
                    LOG.warn("Status section {} failed", section.getClass().getName(), e);
                    r.put(section.name(), Map.of("state", "error", "problems", List.of("this section failed; see the log")));
                }
            }
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        r.put("jvm", Map.of("heapUsedBytes", heap.getUsed(), "heapMaxBytes", heap.getMax(),
                "threads", ManagementFactory.getThreadMXBean().getThreadCount(),
                "java", System.getProperty("java.version")));
        return r;
    }

    static String state(int s) {
        switch (s) {
            case Bundle.ACTIVE:
                return "active";
            case Bundle.RESOLVED:
                return "resolved";
            case Bundle.INSTALLED:
                return "installed";
            case Bundle.STARTING:
                return "starting";
            case Bundle.STOPPING:
                return "stopping";
            default:
                return Integer.toString(s).toLowerCase(Locale.ROOT);
        }
    }
}
