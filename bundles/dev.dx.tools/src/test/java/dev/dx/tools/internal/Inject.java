package dev.dx.tools.internal;

import java.lang.reflect.Field;

/** Sets a DS-injected field in a unit test, as SCR would. */
public final class Inject {
    private Inject() {
    }

    public static <T> T field(T target, String name, Object value) {
        try {
            Field f = target.getClass().getDeclaredField(name);
            f.setAccessible(true);
            f.set(target, value);
            return target;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + name + " in " + target.getClass(), e);
        }
    }
}
