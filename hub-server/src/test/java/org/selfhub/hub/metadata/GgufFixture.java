package org.selfhub.hub.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes real GGUF files: magic, version, counts, typed metadata, tensor infos, alignment padding and
 * zeroed tensor data. Values are written with explicit types, as the format requires.
 */
final class GgufFixture {

    static final int UINT8 = 0;
    static final int INT8 = 1;
    static final int UINT16 = 2;
    static final int INT16 = 3;
    static final int UINT32 = 4;
    static final int INT32 = 5;
    static final int FLOAT32 = 6;
    static final int BOOL = 7;
    static final int STRING = 8;
    static final int ARRAY = 9;
    static final int UINT64 = 10;
    static final int INT64 = 11;
    static final int FLOAT64 = 12;

    private final ByteArrayOutputStream kvs = new ByteArrayOutputStream();
    private final ByteArrayOutputStream tensors = new ByteArrayOutputStream();
    private final ByteOrder order;
    private int version = 3;
    private long kvCount;
    private long tensorCount;
    private int dataBytes = 32;

    private GgufFixture(ByteOrder order) {
        this.order = order;
    }

    static GgufFixture file() {
        return new GgufFixture(ByteOrder.LITTLE_ENDIAN);
    }

    static GgufFixture bigEndian() {
        return new GgufFixture(ByteOrder.BIG_ENDIAN);
    }

    GgufFixture version(int version) {
        this.version = version;
        return this;
    }

    GgufFixture string(String key, String value) {
        key(key, STRING);
        str(kvs, value);
        return this;
    }

    GgufFixture u32(String key, long value) {
        key(key, UINT32);
        kvs.writeBytes(buf(4).putInt((int) value).array());
        return this;
    }

    GgufFixture u64(String key, long value) {
        key(key, UINT64);
        kvs.writeBytes(buf(8).putLong(value).array());
        return this;
    }

    /** Any scalar: {@code bytes} are the value as the type lays it out, already in this file's byte order. */
    GgufFixture raw(String key, int type, byte[] bytes) {
        key(key, type);
        kvs.writeBytes(bytes);
        return this;
    }

    GgufFixture strings(String key, List<String> values) {
        key(key, ARRAY);
        kvs.writeBytes(buf(4).putInt(STRING).array());
        kvs.writeBytes(buf(8).putLong(values.size()).array());
        values.forEach(v -> str(kvs, v));
        return this;
    }

    GgufFixture int32s(String key, int... values) {
        key(key, ARRAY);
        kvs.writeBytes(buf(4).putInt(INT32).array());
        kvs.writeBytes(buf(8).putLong(values.length).array());
        for (int v : values) {
            kvs.writeBytes(buf(4).putInt(v).array());
        }
        return this;
    }

    /** An array of arrays of uint8, to exercise nesting. */
    GgufFixture nestedBytes(String key, byte[]... arrays) {
        key(key, ARRAY);
        kvs.writeBytes(buf(4).putInt(ARRAY).array());
        kvs.writeBytes(buf(8).putLong(arrays.length).array());
        for (byte[] a : arrays) {
            kvs.writeBytes(buf(4).putInt(UINT8).array());
            kvs.writeBytes(buf(8).putLong(a.length).array());
            kvs.writeBytes(a);
        }
        return this;
    }

    GgufFixture tensor(String name, int ggmlType, long... dims) {
        tensorCount++;
        str(tensors, name);
        tensors.writeBytes(buf(4).putInt(dims.length).array());
        for (long d : dims) {
            tensors.writeBytes(buf(8).putLong(d).array());
        }
        tensors.writeBytes(buf(4).putInt(ggmlType).array());
        tensors.writeBytes(buf(8).putLong(0).array());
        return this;
    }

    ByteBuffer buf(int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(buf(4).putInt(version).array());
        out.writeBytes(buf(8).putLong(tensorCount).array());
        out.writeBytes(buf(8).putLong(kvCount).array());
        out.writeBytes(kvs.toByteArray());
        out.writeBytes(tensors.toByteArray());
        int padding = (32 - out.size() % 32) % 32;
        out.writeBytes(new byte[padding + dataBytes]);
        return out.toByteArray();
    }

    private void key(String key, int type) {
        kvCount++;
        str(kvs, key);
        kvs.writeBytes(buf(4).putInt(type).array());
    }

    private void str(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(buf(8).putLong(bytes.length).array());
        out.writeBytes(bytes);
    }
}
