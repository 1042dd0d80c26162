package dev.dx.api.rpc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties that publish an {@link RpcMethod}: put it on the DS component.
 *
 * <pre>
 * &#64;Component(service = RpcMethod.class)
 * &#64;Rpc(method = "sessions.list", scope = Scope.READ, description = "List sessions")
 * final class SessionsList implements RpcMethod { ... }
 * </pre>
 *
 * @since 0.1
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Rpc {
    /** Prefix of the generated service property names. */
    String PREFIX_ = "dx.rpc.";

    /** Service property holding the method name. */
    String METHOD = "dx.rpc.method";
    /** Service property holding the required {@link Scope} name. */
    String SCOPE = "dx.rpc.scope";
    /** Service property holding the documentation category. */
    String CATEGORY = "dx.rpc.category";
    /** Service property holding the one-line description. */
    String DESCRIPTION = "dx.rpc.description";

    /** @return the method name, {@code area.verb} such as {@code "sessions.list"} */
    String method();

    /** @return the scope a caller must hold */
    Scope scope() default Scope.READ;

    /** @return the documentation category; empty means the part of the name before the first dot */
    String category() default "";

    /** @return one line on what the method does */
    String description() default "";
}
