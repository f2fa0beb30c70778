package org.selfhub.hub.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Writes real safetensors files: header JSON with data offsets, then zeroed tensor data. */
final class SafetensorsFixture {

    private final Map<String, String> dtypes = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    static SafetensorsFixture file() {
        return new SafetensorsFixture();
    }

    SafetensorsFixture tensor(String name, String dtype, long... shape) {
        dtypes.put(name, dtype);
        shapes.put(name, shape);
        return this;
    }

    SafetensorsFixture metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    byte[] bytes() {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append("\"__metadata__\":{")
                    .append(metadata.entrySet().stream()
                            .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                            .collect(Collectors.joining(",")))
                    .append("},");
        }
        long offset = 0;
        boolean first = true;
        for (String name : dtypes.keySet()) {
            long[] shape = shapes.get(name);
            long bytes = LongStream.of(shape).reduce(1, Math::multiplyExact) * dtypeSize(dtypes.get(name));
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append(quote(name)).append(":{\"dtype\":").append(quote(dtypes.get(name)))
                    .append(",\"shape\":[")
                    .append(LongStream.of(shape).mapToObj(Long::toString).collect(Collectors.joining(",")))
                    .append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        return withHeader(json.toString().getBytes(StandardCharsets.UTF_8), (int) offset);
    }

    /** A file whose header is {@code header} verbatim, followed by {@code dataBytes} zero bytes. */
    static byte[] withHeader(byte[] header, int dataBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.writeBytes(header);
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    /** A file whose first 8 bytes declare {@code declaredLength}, whatever follows. */
    static byte[] declaring(long declaredLength, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredLength).array());
        out.writeBytes(rest);
        return out.toByteArray();
    }

    static String index(Map<String, String> weightMap) {
        return "{\"metadata\":{\"total_size\":0},\"weight_map\":{"
                + weightMap.entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                        .collect(Collectors.joining(","))
                + "}}";
    }

    private static int dtypeSize(String dtype) {
        switch (dtype) {
            case "F64":
            case "I64":
            case "U64":
                return 8;
            case "F32":
            case "I32":
            case "U32":
                return 4;
            case "F16":
            case "BF16":
            case "I16":
            case "U16":
                return 2;
            default:
                return 1;
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
