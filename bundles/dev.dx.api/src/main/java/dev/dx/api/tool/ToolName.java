package dev.dx.api.tool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service property {@value #PROPERTY} that names a {@link Tool}, so agents can apply their allow and deny lists
 * without instantiating the tool. Put it on the DS component: {@code @ToolName("web_fetch")}.
 *
 * @since 0.1
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ToolName {
    /** Prefix of the generated property name. */
    String PREFIX_ = "dx.";
    /** The service property name. */
    String PROPERTY = "dx.tool.name";

    /** @return the tool name as the model sees it, {@code [a-z][a-z0-9_]{0,63}} */
    String value();
}
