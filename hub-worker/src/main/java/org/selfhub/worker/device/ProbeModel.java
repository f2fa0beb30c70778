package org.selfhub.worker.device;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one-node ONNX graph {@code y = x + x} (float[4], opset 13) used to probe an execution provider.
 * It is hand-encoded with the public ONNX protobuf field numbers so that the worker needs no protobuf
 * library at run time (inference-design.md §5, "hand-encode ModelProto").
 */
final class ProbeModel {

    static final float[] INPUT = {1f, -2f, 0.5f, 3f};

    private ProbeModel() {
    }

    static byte[] bytes() {
        Proto dims = new Proto().message(1, new Proto().varint(1, 4));
        Proto type = new Proto().message(1, new Proto().varint(1, 1).message(2, dims));
        Proto node = new Proto().string(1, "x").string(1, "x").string(2, "y").string(3, "probe_add").string(4, "Add");
        Proto graph = new Proto()
                .message(1, node)
                .string(2, "probe")
                .message(11, new Proto().string(1, "x").message(2, type))
                .message(12, new Proto().string(1, "y").message(2, type));
        return new Proto()
                .varint(1, 8) // ir_version
                .string(2, "hub-worker") // producer_name
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13)) // opset_import
                .toByteArray();
    }

    /** A minimal protobuf writer: varint and length-delimited fields are all ONNX needs here. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            rawVarint((long) field << 3);
            rawVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.toByteArray());
        }

        private Proto bytes(int field, byte[] value) {
            rawVarint(((long) field << 3) | 2);
            rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        private void rawVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
