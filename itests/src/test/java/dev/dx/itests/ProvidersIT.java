package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.model.ModelCall;
import dev.dx.api.model.ModelException;
import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelMessage;
import dev.dx.api.model.ModelProvider;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.model.ModelResponse;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.testsupport.fakemodel.FakeModelServer;
import dev.dx.testsupport.fakemodel.Reply;

/**
 * Model providers in the running distribution: a provider configured by a file in etc/ talks to a fake model server
 * started inside the container, is listed by models.list, follows edits of its file, goes away with it, survives a
 * restart of its bundle, and is listed as unavailable — without calling out — while its secret cannot be read.
 */
public class ProvidersIT extends DxTestSupport {
    private static final String FAKE = "(" + ModelProvider.ID + "=fake)";

    @Override
    protected Option[] extraOptions() {
        return new Option[] {testSupportBundle()};
    }

    private static void write(Path file, String content) throws Exception {
        writeFile(file, content);
    }

    private static String anthropicFile(FakeModelServer fake, String apiKey) {
        return "type = anthropic\nbaseUrl = " + fake.baseUrl() + "\napiKey = " + apiKey
                + "\nmodels = fake-model, fake-model-large\nmaxRetries = 1\ninitialBackoffMs = 10\n";
    }

    private Collection<ServiceReference<ModelProvider>> providers(String filter) throws Exception {
        return bundleContext.getServiceReferences(ModelProvider.class, filter);
    }

    private static ModelRequest ask(String text) {
        return new ModelRequest("fake-model", "Be brief.", List.of(ModelMessage.user(text)), List.of(), 100, "off",
                Duration.ofSeconds(20));
    }

    private static ModelResponse answer(ModelCall call) throws Exception {
        return call.result().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private JsonNode rpc(String method) throws Exception {
        JsonNode r = http().call(token(), method, null);
        assertTrue(r.toString(), r.has("result"));
        return r.get("result");
    }

    @Test
    public void withoutProvidersStatusSaysHowToConfigureOne() throws Exception {
        Assume.assumeTrue("no provider keys in this environment",
                System.getenv("ANTHROPIC_API_KEY") == null && System.getenv("OPENAI_API_KEY") == null);
        await("no provider", TIMEOUT_MS, () -> providers(null).isEmpty());
        JsonNode section = rpc("status").get("providers");
        assertEquals(section.toString(), "none", section.get("state").asText());
        assertTrue(section.get("hint").asText().contains("ANTHROPIC_API_KEY"));
        assertTrue(section.get("hint").asText().contains("secrets:set anthropic"));
        JsonNode models = rpc("models.list");
        assertEquals(0, models.get("models").size());
        assertTrue(models.get("hint").asText().contains("etc/dev.dx.provider-anthropic.cfg"));
        assertTrue(executeCommand("providers:list").contains("No model provider is configured"));
    }

    @Test
    public void aProviderFileStreamsIsListedFollowsEditsAndGoesAwayWithItsFile() throws Exception {
        Path file = etc("dev.dx.provider-fake.cfg");
        try (FakeModelServer first = FakeModelServer.start(); FakeModelServer second = FakeModelServer.start()) {
            first.defaultReply(Reply.ofText("first says hi").chunks(3));
            second.defaultReply(Reply.ofText("second says hi"));
            write(file, anthropicFile(first, "${env:DX_TEST_FAKE_KEY:-test-key}"));
            ModelProvider provider = waitForService(ModelProvider.class, FAKE, TIMEOUT_MS);
            long serviceId = (Long) providers(FAKE).iterator().next().getProperty("service.id");

            List<String> deltas = new ArrayList<>();
            ModelResponse r = answer(provider.stream(ask("hi"), new ModelListener() {
                @Override
                public void onText(String delta) {
                    deltas.add(delta);
                }
            }));
            assertEquals("first says hi", r.text());
            assertEquals(3, deltas.size());
            assertEquals("test-key", first.requests().get(0).header("x-api-key"));
            assertEquals("/v1/messages", first.requests().get(0).path());

            JsonNode models = rpc("models.list");
            assertTrue(models.toString(), models.get("models").toString().contains("\"fake/fake-model\""));
            assertTrue(models.toString(), models.get("models").toString().contains("\"fake/fake-model-large\""));
            assertEquals("ok", rpc("status").get("providers").get("state").asText());
            String listed = executeCommand("providers:list");
            assertTrue(listed, listed.contains("fake") && listed.contains("etc/dev.dx.provider-fake.cfg"));
            String schema = executeCommand("dxconfig:schema dev.dx.provider");
            assertTrue(schema, schema.contains("firstByteTimeoutMs") && schema.contains("openai-compatible"));
            ServiceReference<ModelProvider> ref = providers(FAKE).iterator().next();
            StringBuilder props = new StringBuilder();
            for (String k : ref.getPropertyKeys()) {
                props.append(k).append('=').append(ref.getProperty(k)).append('\n');
            }
            assertFalse(props.toString(), props.toString().contains("test-key"));

            // an edit moves the same service to the new server
            write(file, anthropicFile(second, "test-key-2"));
            await("calls go to the edited baseUrl", TIMEOUT_MS,
                    () -> answer(provider.stream(ask("again"), new ModelListener() { })).text().equals("second says hi"));
            assertEquals(serviceId, providers(FAKE).iterator().next().getProperty("service.id"));
            assertEquals("test-key-2", second.requests().get(second.requests().size() - 1).header("x-api-key"));

            // deleting the file removes the service
            Files.delete(file);
            await("the provider goes away with its file", TIMEOUT_MS, () -> providers(FAKE).isEmpty());
            assertFalse(rpc("models.list").toString().contains("fake/fake-model"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    public void aProviderComesBackAfterItsBundleRestarts() throws Exception {
        Path file = etc("dev.dx.provider-fake.cfg");
        try (FakeModelServer fake = FakeModelServer.start()) {
            fake.defaultReply(Reply.ofText("still here"));
            write(file, anthropicFile(fake, "test-key"));
            waitForService(ModelProvider.class, FAKE, TIMEOUT_MS);
            long before = (Long) providers(FAKE).iterator().next().getProperty("service.id");
            String out = executeCommand("bundle:restart dev.dx.provider");
            assertFalse(out, out.contains("Error"));
            long after = await("the provider is registered again", TIMEOUT_MS, () -> {
                Collection<ServiceReference<ModelProvider>> refs = providers(FAKE);
                Long id = refs.isEmpty() ? null : (Long) refs.iterator().next().getProperty("service.id");
                return id != null && id != before ? id : null;
            });
            assertNotEquals(before, after);
            ModelProvider provider = waitForService(ModelProvider.class, FAKE, TIMEOUT_MS);
            assertEquals("still here", answer(provider.stream(ask("hi"), new ModelListener() { })).text());
        } finally {
            Files.deleteIfExists(file);
            await("the provider is gone", TIMEOUT_MS, () -> providers(FAKE).isEmpty());
        }
    }

    @Test
    public void anUnreadableSecretMakesTheProviderUnavailableWithoutCallingOut() throws Exception {
        Path file = etc("dev.dx.provider-locked.cfg");
        try (FakeModelServer fake = FakeModelServer.start()) {
            fake.defaultReply(Reply.ofText("must not be reached"));
            write(file, anthropicFile(fake, "${secret:dx-itest-provider}"));
            ModelProvider provider = waitForService(ModelProvider.class, "(" + ModelProvider.ID + "=locked)",
                    TIMEOUT_MS);
            try {
                provider.stream(ask("hi"), new ModelListener() { }).result().toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                throw new AssertionError("the call should fail");
            } catch (ExecutionException e) {
                ModelException me = (ModelException) e.getCause();
                assertEquals(ErrorCode.UNAVAILABLE, me.error());
                assertTrue(me.failover());
                assertTrue(me.getMessage(), me.getMessage().contains("secret store"));
                assertTrue(me.getMessage(), me.getMessage().contains("secrets:unlock"));
            }
            assertEquals("no request with an unresolved key", 0, fake.requests().size());
            JsonNode unavailable = rpc("models.list").get("unavailable");
            assertEquals(unavailable.toString(), "locked", unavailable.get(0).get("provider").asText());
            assertTrue(unavailable.toString(), unavailable.get(0).get("reason").asText().contains("secrets:unlock"));
            JsonNode section = rpc("status").get("providers");
            assertEquals("degraded", section.get("state").asText());
            assertTrue(section.get("problems").toString().contains("locked"));
        } finally {
            Files.deleteIfExists(file);
            await("the provider is gone", TIMEOUT_MS,
                    () -> providers("(" + ModelProvider.ID + "=locked)").isEmpty());
        }
    }
}
