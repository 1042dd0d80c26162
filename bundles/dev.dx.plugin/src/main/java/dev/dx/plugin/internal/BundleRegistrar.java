package dev.dx.plugin.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.tool.Tool;
import dev.dx.api.tool.ToolName;

/** {@link Registrar} on the host bundle's context: plugin services go away with the host bundle. */
final class BundleRegistrar implements Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(BundleRegistrar.class);
    private final BundleContext context;

    BundleRegistrar(BundleContext context) {
        this.context = context;
    }

    @Override
    public Handle register(Class<?> type, Object service, Map<String, Object> props) {
        ServiceRegistration<?> reg = context.registerService(type.getName(), service, dict(props));
        return new Handle() {
            @Override
            public void properties(Map<String, Object> p) {
                reg.setProperties(dict(p));
            }

            @Override
            public void unregister() {
                try {
                    reg.unregister();
                } catch (IllegalStateException alreadyGone) {
                    LOG.debug("Already unregistered (the host bundle is stopping)", alreadyGone);
                }
            }
        };
    }

    @Override
    public String toolOwner(String toolName) {
        try {
            for (ServiceReference<Tool> r : context.getServiceReferences(Tool.class,
                    "(" + ToolName.PROPERTY + "=" + toolName + ")")) {
                if (r.getBundle() != null && r.getBundle().getBundleId() != context.getBundle().getBundleId()) {
                    return "bundle " + r.getBundle().getSymbolicName();
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("tool name " + toolName + " breaks a filter", e);
        }
    }

    private static Dictionary<String, Object> dict(Map<String, Object> props) {
        return new Hashtable<>(props);
    }
}
