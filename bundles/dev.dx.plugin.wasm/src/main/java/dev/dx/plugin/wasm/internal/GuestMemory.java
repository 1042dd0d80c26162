package dev.dx.plugin.wasm.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

import dev.dx.api.plugin.PluginException;

/**
 * Moves bytes across the boundary. Every pointer and length a plugin hands over is checked against its memory
 * first: a bad one traps the call (the plugin's fault), it never reaches the host's own memory handling.
 */
final class GuestMemory {
    private GuestMemory() {
    }

    /** @return the bytes at {@code [ptr, ptr + len)} of the guest's memory */
    static byte[] read(Instance instance, int ptr, int len, int max, String what) {
        Memory m = instance.memory();
        long size = (long) m.pages() * Memory.PAGE_SIZE;
        long start = Integer.toUnsignedLong(ptr);
        long length = Integer.toUnsignedLong(len);
        if (length > max) {
            throw trap(what + " is " + length + " bytes, more than the " + max + " allowed");
        }
        if (start + length > size) {
            throw trap(what + " points outside the plugin's memory (" + start + " + " + length + " > " + size + ")");
        }
        return m.readBytes((int) start, (int) length);
    }

    /** @return the UTF-8 text at {@code [ptr, ptr + len)} */
    static String text(Instance instance, int ptr, int len, int max, String what) {
        return utf8(read(instance, ptr, len, max, what), what);
    }

    static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw trap(what + " is not valid UTF-8");
        }
    }

    /**
     * Copies bytes into a block the guest allocates with its own {@code dx_alloc}.
     *
     * @return the block, packed as {@code ptr << 32 | len}
     */
    static long write(Instance instance, byte[] bytes) {
        int ptr = (int) instance.export("dx_alloc").apply(bytes.length)[0];
        long start = Integer.toUnsignedLong(ptr);
        if (start + bytes.length > (long) instance.memory().pages() * Memory.PAGE_SIZE) {
            throw trap("dx_alloc(" + bytes.length + ") returned " + start + ", outside the plugin's memory");
        }
        instance.memory().write(ptr, bytes);
        return pack(ptr, bytes.length);
    }

    static long pack(int ptr, int len) {
        return (Integer.toUnsignedLong(ptr) << 32) | Integer.toUnsignedLong(len);
    }

    static PluginException trap(String why) {
        return new PluginException(PluginException.Code.TRAP, why);
    }
}
