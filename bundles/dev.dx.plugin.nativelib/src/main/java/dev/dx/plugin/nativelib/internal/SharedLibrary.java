package dev.dx.plugin.nativelib.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import dev.dx.api.plugin.PluginException;

/**
 * One {@code dlopen} of a plugin's shared library and its three ABI functions, bound at {@link #open}. Every load gets its own handle:
 * JNA shares a {@link NativeLibrary} between loads of the same path, and a plugin unloaded while a stuck call is
 * still inside it must not close the library under a newer load of the same file.
 */
record SharedLibrary(NativeLibrary lib, Function info, Function invoke, Function free) {
    private static final int RTLD_NOW = 0x2;
    /** Makes JNA's cache key unique per load (JNA ignores options it does not know). */
    private static final AtomicLong LOADS = new AtomicLong();

    /** What {@code dx_plugin_invoke} left behind: its return code and its output. */
    record Result(int rc, byte[] out) {
    }

    /** Opens {@code file} (RTLD_NOW | RTLD_LOCAL: plugins never see each other's symbols) and binds the ABI. */
    static SharedLibrary open(Path file, String entry) {
        Map<String, Object> options = new HashMap<>();
        options.put(SharedLibrary.class.getName(), LOADS.incrementAndGet());
        options.put(com.sun.jna.Library.OPTION_OPEN_FLAGS, RTLD_NOW);
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(file.toAbsolutePath().toString(), options);
        } catch (UnsatisfiedLinkError e) {
            throw new PluginException(PluginException.Code.INVALID, "not a DX native plugin: " + entry
                    + " cannot be loaded as a shared library for this machine (" + e.getMessage() + ")", e);
        }
        try {
            return new SharedLibrary(lib, symbol(lib, "dx_plugin_info", entry), symbol(lib, "dx_plugin_invoke", entry),
                    symbol(lib, "dx_plugin_free", entry));
        } catch (PluginException e) {
            lib.close();
            throw e;
        }
    }

    private static Function symbol(NativeLibrary lib, String name, String entry) {
        try {
            return lib.getFunction(name);
        } catch (UnsatisfiedLinkError e) {
            throw new PluginException(PluginException.Code.INVALID, "not a DX native plugin: " + entry
                    + " does not export " + name + " (the ABI needs dx_plugin_info, dx_plugin_invoke and "
                    + "dx_plugin_free)");
        }
    }

    /** @return what {@code dx_plugin_info()} returns: static text the library owns */
    String readInfo(int max) {
        Pointer p = info.invokePointer(new Object[0]);
        if (p == null) {
            throw new PluginException(PluginException.Code.INVALID, "dx_plugin_info() returned NULL");
        }
        return new String(bytes(p, max, "dx_plugin_info()"), StandardCharsets.UTF_8);
    }

    /** Calls {@code dx_plugin_invoke(name, input, &out)}, copies the output and hands it back to dx_plugin_free. */
    Result call(byte[] name, byte[] input, int max) {
        PointerByReference out = new PointerByReference();
        int rc = invoke.invokeInt(new Object[] {cString(name), cString(input), out});
        Pointer p = out.getValue();
        if (p == null) {
            return new Result(rc, null);
        }
        try {
            return new Result(rc, bytes(p, max, "the output"));
        } finally {
            free.invokeVoid(new Object[] {p});
        }
    }

    private static byte[] bytes(Pointer p, int max, String what) {
        long len = p.indexOf(0, (byte) 0);
        if (len > max) {
            throw new PluginException(PluginException.Code.INVALID, what + " is " + len + " bytes, more than the "
                    + max + " allowed");
        }
        return p.getByteArray(0, (int) len);
    }

    private static byte[] cString(byte[] utf8) {
        byte[] c = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, c, 0, utf8.length);
        return c;
    }

    /** {@code dlclose}; only once no thread is inside the library. */
    void close() {
        lib.close();
    }
}
