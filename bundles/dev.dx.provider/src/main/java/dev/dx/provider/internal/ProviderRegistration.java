package dev.dx.provider.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.model.ModelProvider;
import dev.dx.provider.internal.http.HttpModelProvider;
import dev.dx.provider.internal.http.UsageCounters;

/**
 * Registers one provider as a {@link ModelProvider} service by hand rather than through DS, so its service
 * properties are only the ones below: DS would publish every configuration property — the resolved API key included —
 * as a service property anyone can list.
 */
final class ProviderRegistration {
    /** Service property: {@code file} or {@code env}. */
    static final String SOURCE = "dx.provider.source";
    /** Service property: the provider type. */
    static final String TYPE = "dx.provider.type";
    /** Service property: why the provider cannot be used; absent when it can. */
    static final String UNAVAILABLE = "dx.provider.unavailable";
    /** Service property: the configuration file, for file providers. */
    static final String FILE = "dx.provider.file";

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistration.class);

    private final BundleContext context;
    private final UsageCounters usage = new UsageCounters();
    private ProviderService service;
    private ServiceRegistration<ModelProvider> registration;

    ProviderRegistration(BundleContext context) {
        this.context = context;
    }

    /** Registers the provider, or moves the registered service to new settings. */
    synchronized void update(ProviderSettings settings) {
        HttpModelProvider next = new HttpModelProvider(settings, usage);
        if (settings.available()) {
            LOG.debug("Model provider {} ({}) at {}", settings.id(), settings.type().id(), settings.baseUri());
        } else {
            LOG.info("Model provider {} is registered but unavailable: {}", settings.id(), settings.unavailable());
        }
        if (registration == null) {
            service = new ProviderService(next, usage);
            registration = context.registerService(ModelProvider.class, service, properties(settings));
            return;
        }
        HttpModelProvider old = service.swap(next);
        registration.setProperties(properties(settings));
        old.retire();
    }

    /** Unregisters the service and stops its calls. */
    synchronized void close() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        registration = null;
        service.delegate().close();
    }

    private Dictionary<String, Object> properties(ProviderSettings s) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(ModelProvider.ID, s.id());
        p.put(SOURCE, s.source());
        p.put(TYPE, s.type() == null ? "unknown" : s.type().id());
        if (s.file() != null) {
            p.put(FILE, s.file());
        }
        if (!s.available()) {
            p.put(UNAVAILABLE, s.unavailable());
        }
        return p;
    }
}
