package dev.dx.testsupport.component;

import java.lang.reflect.Field;

/** Sets a DS-injected field in a unit test, as SCR would. */
public final class Inject {
    private Inject() {
    }

    public static <T> T field(T target, String name, Object value) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(target, value);
                return target;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot set " + name + " in " + target.getClass(), e);
            }
        }
        throw new IllegalStateException("no field " + name + " in " + target.getClass());
    }
}
