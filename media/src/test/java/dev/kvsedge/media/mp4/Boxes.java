package dev.kvsedge.media.mp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A test-side ISO BMFF reader: boxes by path, and the fields of the boxes the tests look at. */
final class Boxes {
    private static final java.util.Set<String> CONTAINERS = java.util.Set.of(
            "moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf", "dinf");

    record Box(String type, int offset, int size, ByteBuffer body) {
        /** The body after a full box's version and flags. */
        ByteBuffer fullBody() {
            return body.duplicate().position(body.position() + 4).slice();
        }

        int version() {
            return body.get(body.position()) & 0xFF;
        }

        int flags() {
            return body.getInt(body.position()) & 0xFFFFFF;
        }
    }

    private Boxes() {}

    /** Top-level boxes and, recursively, the boxes inside container boxes, in file order. */
    static List<Box> all(byte[] data) {
        List<Box> boxes = new ArrayList<>();
        walk(ByteBuffer.wrap(data), 0, data.length, boxes);
        return boxes;
    }

    static List<Box> top(byte[] data) {
        List<Box> boxes = new ArrayList<>();
        int pos = 0;
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (pos < data.length) {
            int size = buf.getInt(pos);
            boxes.add(box(buf, pos, size));
            pos += size;
        }
        return boxes;
    }

    static List<Box> ofType(byte[] data, String type) {
        return all(data).stream().filter(b -> b.type().equals(type)).toList();
    }

    static Box first(byte[] data, String type) {
        return ofType(data, type).stream().findFirst().orElseThrow(() -> new AssertionError("no " + type + " box"));
    }

    private static void walk(ByteBuffer buf, int from, int to, List<Box> boxes) {
        int pos = from;
        while (pos < to) {
            int size = buf.getInt(pos);
            if (size < 8 || pos + size > to) {
                throw new AssertionError("bad box size " + size + " at " + pos);
            }
            Box box = box(buf, pos, size);
            boxes.add(box);
            if (CONTAINERS.contains(box.type())) {
                walk(buf, pos + 8, pos + size, boxes);
            } else if (box.type().equals("stsd")) {
                walk(buf, pos + 16, pos + size, boxes); // sample entries
            } else if (box.type().equals("avc1")) {
                walk(buf, pos + 8 + 78, pos + size, boxes); // avcC after the visual sample entry fields
            } else if (box.type().equals("mp4a")) {
                walk(buf, pos + 8 + 28, pos + size, boxes);
            }
            pos += size;
        }
    }

    private static Box box(ByteBuffer buf, int pos, int size) {
        byte[] type = new byte[4];
        buf.get(pos + 4, type);
        return new Box(new String(type, StandardCharsets.US_ASCII), pos, size,
                buf.duplicate().position(pos + 8).limit(pos + size).slice());
    }

    /** tfdt baseMediaDecodeTime. */
    static long tfdt(Box box) {
        ByteBuffer b = box.fullBody();
        return box.version() == 1 ? b.getLong(0) : Integer.toUnsignedLong(b.getInt(0));
    }

    /** One trun entry. */
    record Sample(long duration, int size, int flags, int compositionOffset) {}

    static List<Sample> trun(Box box) {
        int flags = box.flags();
        ByteBuffer b = box.fullBody();
        int count = b.getInt();
        if ((flags & 0x1) != 0) {
            b.getInt();
        }
        if ((flags & 0x4) != 0) {
            b.getInt();
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long duration = (flags & 0x100) != 0 ? Integer.toUnsignedLong(b.getInt()) : -1;
            int size = (flags & 0x200) != 0 ? b.getInt() : -1;
            int sampleFlags = (flags & 0x400) != 0 ? b.getInt() : -1;
            int offset = (flags & 0x800) != 0 ? b.getInt() : 0;
            samples.add(new Sample(duration, size, sampleFlags, offset));
        }
        return samples;
    }

    static int trunDataOffset(Box box) {
        return box.fullBody().getInt(4);
    }
}
