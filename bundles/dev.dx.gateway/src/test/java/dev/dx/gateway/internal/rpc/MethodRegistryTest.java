package dev.dx.gateway.internal.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.Scope;

class MethodRegistryTest {
    private final MethodRegistry registry = new MethodRegistry();

    private static FakeServiceObjects method(String name, String result, Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(extra);
        props.put(Rpc.METHOD, name);
        return new FakeServiceObjects(ctx -> result, props);
    }

    @Test
    void methodsAppearAndDisappearWithTheirServices() {
        FakeServiceObjects list = method("sessions.list", "l", Map.of(Rpc.SCOPE, "WRITE", Rpc.DESCRIPTION, "List"));
        registry.addMethod(list);
        MethodEntry e = registry.get("sessions.list");
        assertEquals(Scope.WRITE, e.scope());
        assertEquals("sessions", e.category(), "category defaults to the name's prefix");
        assertEquals("List", e.description());
        assertEquals(0, list.gets.get(), "registering does not fetch (activate) the method");
        assertEquals("l", e.method().get().call(null));
        e.method().get();
        assertEquals(1, list.gets.get(), "the method is fetched once and kept");
        registry.removeMethod(list);
        assertNull(registry.get("sessions.list"));
        assertEquals(0, registry.list().size());
    }

    @Test
    void theFirstOfTwoClaimsServesUntilItLeaves() {
        FakeServiceObjects first = method("x.y", "first", Map.of());
        FakeServiceObjects second = method("x.y", "second", Map.of());
        registry.addMethod(first);
        registry.addMethod(second);
        assertEquals("first", registry.get("x.y").method().get().call(null));
        registry.removeMethod(second);
        assertEquals("first", registry.get("x.y").method().get().call(null));
        registry.addMethod(second);
        registry.removeMethod(first);
        assertEquals("second", registry.get("x.y").method().get().call(null));
    }

    @Test
    void lowerServiceIdWinsWhateverTheBindOrder() {
        FakeServiceObjects older = method("a.b", "older", Map.of());
        FakeServiceObjects newer = method("a.b", "newer", Map.of());
        registry.addMethod(newer);
        registry.addMethod(older);
        assertEquals("older", registry.get("a.b").method().get().call(null));
    }

    @Test
    void badNamesAndScopesAreIgnored() {
        registry.addMethod(method("Bad Name", "x", Map.of()));
        registry.addMethod(method("ok.name", "x", Map.of(Rpc.SCOPE, "root")));
        registry.addMethod(new FakeServiceObjects(ctx -> null, Map.of()));
        assertEquals(0, registry.list().size());
        registry.addMethod(method("z.last", "x", Map.of(Rpc.CATEGORY, "misc")));
        registry.addMethod(method("a.first", "x", Map.of()));
        assertEquals("a.first", registry.list().get(0).name());
        assertEquals("misc", registry.get("z.last").category());
    }
}
