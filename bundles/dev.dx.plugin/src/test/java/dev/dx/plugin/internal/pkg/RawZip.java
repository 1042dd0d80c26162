package dev.dx.plugin.internal.pkg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Writes zip files byte by byte, so that tests can make the archives a careful zip library would refuse to write. */
final class RawZip {
    private record Item(byte[] name, byte[] data, boolean deflate, int unixMode, long claimedSize) {
    }

    private final List<Item> items = new ArrayList<>();

    RawZip add(String name, byte[] data) {
        return add(name, data, false, 0100644, -1);
    }

    RawZip add(String name, byte[] data, boolean deflate, int unixMode, long claimedSize) {
        items.add(new Item(name.getBytes(StandardCharsets.UTF_8), data, deflate, unixMode, claimedSize));
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream cd = new ByteArrayOutputStream();
        for (Item it : items) {
            byte[] stored = it.deflate() ? deflate(it.data()) : it.data();
            CRC32 crc = new CRC32();
            crc.update(it.data());
            long size = it.claimedSize() >= 0 ? it.claimedSize() : it.data().length;
            int offset = out.size();
            ByteBuffer local = le(30 + it.name().length);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800)
                    .putShort((short) (it.deflate() ? 8 : 0)).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt(stored.length).putInt((int) size)
                    .putShort((short) it.name().length).putShort((short) 0).put(it.name());
            out.writeBytes(local.array());
            out.writeBytes(stored);
            ByteBuffer c = le(46 + it.name().length);
            c.putInt(0x02014b50).putShort((short) (3 << 8 | 20)).putShort((short) 20).putShort((short) 0x0800)
                    .putShort((short) (it.deflate() ? 8 : 0)).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt(stored.length).putInt((int) size)
                    .putShort((short) it.name().length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(it.unixMode() << 16).putInt(offset)
                    .put(it.name());
            cd.writeBytes(c.array());
        }
        int cdOffset = out.size();
        out.writeBytes(cd.toByteArray());
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) items.size())
                .putShort((short) items.size()).putInt(cd.size()).putInt(cdOffset).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
