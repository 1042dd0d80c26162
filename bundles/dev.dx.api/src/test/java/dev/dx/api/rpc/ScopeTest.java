package dev.dx.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void adminImpliesEverythingAndEveryScopeImpliesRead() {
        for (Scope s : Scope.values()) {
            assertTrue(Scope.ADMIN.implies(s), "admin implies " + s);
            assertTrue(s.implies(Scope.READ), s + " implies read");
        }
    }

    @Test
    void lesserScopesDoNotImplyGreaterOnes() {
        assertFalse(Scope.READ.implies(Scope.WRITE));
        assertFalse(Scope.WRITE.implies(Scope.ADMIN));
        assertFalse(Scope.WRITE.implies(Scope.APPROVALS));
        assertFalse(Scope.APPROVALS.implies(Scope.WRITE));
    }

    @Test
    void parsesWireNamesAndNamesTheChoicesOnError() {
        assertEquals(Scope.WRITE, Scope.of(" Write "));
        assertEquals("approvals", Scope.APPROVALS.id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scope.of("root"));
        assertTrue(e.getMessage().contains("read, write, approvals, admin"), e.getMessage());
    }

    @Test
    void callerHasAScopeWhenAnyGrantedScopeImpliesIt() {
        Caller reader = caller(Set.of(Scope.READ));
        Caller admin = caller(Set.of(Scope.ADMIN));
        assertTrue(reader.has(Scope.READ));
        assertFalse(reader.has(Scope.WRITE));
        assertTrue(admin.has(Scope.APPROVALS));
        assertFalse(caller(Set.of()).has(Scope.READ));
    }

    @Test
    void errorCodesAreJsonRpcCodesOrInTheServerRange() {
        for (ErrorCode c : ErrorCode.values()) {
            boolean spec = c.code() <= -32600 && c.code() >= -32700;
            boolean server = c.code() <= -32000 && c.code() >= -32099;
            assertTrue(spec || server, c + " " + c.code());
        }
        RpcException e = new RpcException(ErrorCode.RATE_LIMITED, "slow down", 1500, null);
        assertEquals(1500, e.retryAfterMs());
        assertEquals(-1, RpcException.notFound("x").retryAfterMs());
    }

    private static Caller caller(Set<Scope> scopes) {
        return new Caller() {
            @Override
            public String connectionId() {
                return "c1";
            }

            @Override
            public String transport() {
                return "test";
            }

            @Override
            public String client() {
                return "";
            }

            @Override
            public Set<Scope> scopes() {
                return scopes;
            }
        };
    }
}
