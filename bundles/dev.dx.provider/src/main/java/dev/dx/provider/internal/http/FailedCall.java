package dev.dx.provider.internal.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelResponse;

/** A call that failed before it started: the provider cannot be used now. */
final class FailedCall implements ModelCall {
    private final CompletableFuture<ModelResponse> result;

    FailedCall(ModelException error) {
        this.result = CompletableFuture.failedFuture(error);
    }

    @Override
    public CompletionStage<ModelResponse> result() {
        return result;
    }

    @Override
    public void cancel() {
        // nothing runs
    }
}
