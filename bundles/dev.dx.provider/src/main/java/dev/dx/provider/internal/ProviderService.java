package dev.dx.provider.internal;

import java.util.List;

import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelInfo;
import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelProvider;
import dev.dx.api.model.ModelRequest;
import dev.dx.provider.internal.http.HttpModelProvider;
import dev.dx.provider.internal.http.UsageCounters;

/**
 * The object registered as the {@link ModelProvider} service. It stays the same while its settings change, so
 * consumers keep their reference when a file is edited; each call goes to the provider of the current settings.
 */
final class ProviderService implements ModelProvider {
    private final UsageCounters usage;
    private volatile HttpModelProvider delegate;

    ProviderService(HttpModelProvider delegate, UsageCounters usage) {
        this.delegate = delegate;
        this.usage = usage;
    }

    /** @return what this provider has done since it was registered */
    UsageCounters usage() {
        return usage;
    }

    /** @return the provider replaced */
    HttpModelProvider swap(HttpModelProvider next) {
        HttpModelProvider old = delegate;
        delegate = next;
        return old;
    }

    HttpModelProvider delegate() {
        return delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public List<ModelInfo> models() {
        return delegate.models();
    }

    @Override
    public ModelCall stream(ModelRequest request, ModelListener listener) {
        return delegate.stream(request, listener);
    }
}
