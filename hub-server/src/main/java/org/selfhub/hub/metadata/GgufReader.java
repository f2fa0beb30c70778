package org.selfhub.hub.metadata;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header of a GGUF file (versions 2 and 3, either byte order) with bounded ranged reads:
 * the typed key/value metadata and the tensor infos, never the tensor data.
 *
 * <p>Layout (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): magic {@code GGUF}, version
 * u32, tensor count u64, metadata count u64; then each metadata pair as key (u64 length + UTF-8), value
 * type u32 and value; then each tensor as name, dimension count u32, dimensions u64[], ggml type u32
 * and data offset u64. Version 1 used 32-bit counts and lengths and is not read.
 */
final class GgufReader {

    /** A parsed header. Arrays longer than {@link #KEPT_ARRAY_LENGTH} appear as {@link ArraySummary}. */
    record GgufHeader(int version, Map<String, Object> metadata, long tensorCount, long parameters) {

        String string(String key) {
            return metadata.get(key) instanceof String s ? s : null;
        }

        Long integer(String key) {
            Object value = metadata.get(key);
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            return null;
        }
    }

    /** Stands in for a long array: its element type and length. */
    record ArraySummary(int elementType, long length) {
    }

    static final String TOKENS_KEY = "tokenizer.ggml.tokens";

    private static final int TYPE_UINT8 = 0;
    private static final int TYPE_INT8 = 1;
    private static final int TYPE_UINT16 = 2;
    private static final int TYPE_INT16 = 3;
    private static final int TYPE_UINT32 = 4;
    private static final int TYPE_INT32 = 5;
    private static final int TYPE_FLOAT32 = 6;
    private static final int TYPE_BOOL = 7;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    private static final int TYPE_UINT64 = 10;
    private static final int TYPE_INT64 = 11;
    private static final int TYPE_FLOAT64 = 12;

    static final int KEPT_ARRAY_LENGTH = 64;
    /** The vocabulary is kept whole so that the BOS and EOS ids can be turned into tokens. */
    private static final long MAX_KEPT_TOKENS = 1L << 22;
    private static final int MAX_KEY_BYTES = 65_535;
    private static final int MAX_STRING_BYTES = 16 * 1024 * 1024;
    private static final long MAX_METADATA_COUNT = 1L << 20;
    private static final long MAX_TENSOR_COUNT = 1L << 22;
    private static final long MAX_ARRAY_LENGTH = 1L << 32;
    private static final int MAX_DIMENSIONS = 8;
    private static final int MAX_ARRAY_NESTING = 4;
    private static final int CHUNK_BYTES = 1024 * 1024;

    /** The llama.cpp {@code llama_ftype} values as quantization names (index = {@code general.file_type}). */
    private static final List<String> FILE_TYPES = List.of(
            "F32", "F16", "Q4_0", "Q4_1", "Q4_1_SOME_F16", "Q4_2", "Q4_3", "Q8_0", "Q5_0", "Q5_1",
            "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "IQ2_XXS",
            "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S", "IQ2_M",
            "IQ4_XS", "IQ1_M", "BF16", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "TQ1_0", "TQ2_0", "MXFP4_MOE");

    private final long maxHeaderBytes;

    /** @param maxHeaderBytes how far into a file a header may reach (vocabularies make it megabytes) */
    GgufReader(long maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** The quantization name of a {@code general.file_type}, or null for an unknown value. */
    static String quantizationName(long fileType) {
        return fileType >= 0 && fileType < FILE_TYPES.size() ? FILE_TYPES.get((int) fileType) : null;
    }

    GgufHeader read(RepoFiles files, RepoFile file) throws IOException, MalformedFileException {
        try {
            return readHeader(files, file);
        } catch (ArithmeticException e) {
            throw new MalformedFileException("a tensor or array size overflows");
        }
    }

    private GgufHeader readHeader(RepoFiles files, RepoFile file) throws IOException, MalformedFileException {
        HeaderCursor in = new HeaderCursor(files, file, CHUNK_BYTES, maxHeaderBytes);
        byte[] magic = in.bytes(4);
        if (magic[0] != 'G' || magic[1] != 'G' || magic[2] != 'U' || magic[3] != 'F') {
            throw new MalformedFileException("the file does not start with the GGUF magic");
        }
        int rawVersion = in.i32();
        int version = rawVersion;
        if (!isReadableVersion(version) && isReadableVersion(Integer.reverseBytes(rawVersion))) {
            // Big-endian files are allowed since version 3; the version field tells them apart.
            version = Integer.reverseBytes(rawVersion);
            in.order(ByteOrder.BIG_ENDIAN);
        }
        if (version == 1 || Integer.reverseBytes(rawVersion) == 1) {
            throw new MalformedFileException("GGUF version 1 is not supported");
        }
        if (!isReadableVersion(version)) {
            throw new MalformedFileException("unknown GGUF version " + Integer.toUnsignedString(rawVersion));
        }
        long tensorCount = count(in.i64(), MAX_TENSOR_COUNT, "tensor count");
        long metadataCount = count(in.i64(), MAX_METADATA_COUNT, "metadata count");

        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < metadataCount; i++) {
            String key = string(in, MAX_KEY_BYTES, "metadata key");
            int type = (int) in.u32();
            metadata.put(key, value(in, type, key, 0));
        }
        long parameters = 0;
        for (long i = 0; i < tensorCount; i++) {
            String name = string(in, MAX_KEY_BYTES, "tensor name");
            long dimensions = in.u32();
            if (dimensions > MAX_DIMENSIONS) {
                throw new MalformedFileException("tensor '" + name + "' has " + dimensions + " dimensions");
            }
            long elements = 1;
            for (int d = 0; d < dimensions; d++) {
                long size = in.i64();
                if (size < 0) {
                    throw new MalformedFileException("tensor '" + name + "' has a dimension above 2^63");
                }
                elements = Math.multiplyExact(elements, size);
            }
            in.u32(); // ggml type
            in.i64(); // data offset
            parameters = Math.addExact(parameters, elements);
        }
        return new GgufHeader(version, Collections.unmodifiableMap(metadata), tensorCount, parameters);
    }

    private static boolean isReadableVersion(int version) {
        return version == 2 || version == 3;
    }

    private static long count(long value, long max, String what) throws MalformedFileException {
        if (value < 0 || value > max) {
            throw new MalformedFileException("the " + what + " " + Long.toUnsignedString(value) + " is above " + max);
        }
        return value;
    }

    private static String string(HeaderCursor in, int maxBytes, String what) throws IOException, MalformedFileException {
        long length = in.i64();
        if (length < 0 || length > maxBytes) {
            throw new MalformedFileException("a " + what + " is " + Long.toUnsignedString(length) + " bytes long");
        }
        return new String(in.bytes((int) length), StandardCharsets.UTF_8);
    }

    private static Object value(HeaderCursor in, int type, String key, int nesting) throws IOException, MalformedFileException {
        switch (type) {
            case TYPE_UINT8:
                return in.u8();
            case TYPE_INT8:
                return (int) (byte) in.u8();
            case TYPE_UINT16:
                return in.u16();
            case TYPE_INT16:
                return (int) (short) in.u16();
            case TYPE_UINT32:
                return in.u32();
            case TYPE_INT32:
                return (long) in.i32();
            case TYPE_FLOAT32:
                return (double) in.f32();
            case TYPE_BOOL:
                int b = in.u8();
                if (b > 1) {
                    throw new MalformedFileException("'" + key + "' holds the bool value " + b);
                }
                return b == 1;
            case TYPE_STRING:
                return string(in, MAX_STRING_BYTES, "string value");
            case TYPE_ARRAY:
                return array(in, key, nesting);
            case TYPE_UINT64:
                long u = in.i64();
                // Values above 2^63 are kept as their unsigned text rather than a wrong negative number.
                return u >= 0 ? (Object) u : Long.toUnsignedString(u);
            case TYPE_INT64:
                return in.i64();
            case TYPE_FLOAT64:
                return in.f64();
            default:
                throw new MalformedFileException("'" + key + "' has the unknown value type " + type);
        }
    }

    private static Object array(HeaderCursor in, String key, int nesting) throws IOException, MalformedFileException {
        if (nesting >= MAX_ARRAY_NESTING) {
            throw new MalformedFileException("'" + key + "' nests arrays too deeply");
        }
        int elementType = (int) in.u32();
        long length = count(in.i64(), MAX_ARRAY_LENGTH, "length of '" + key + "'");
        boolean keep = length <= KEPT_ARRAY_LENGTH
                || (TOKENS_KEY.equals(key) && elementType == TYPE_STRING && length <= MAX_KEPT_TOKENS);
        int fixedSize = fixedSize(elementType);
        if (!keep && fixedSize > 0) {
            in.skip(Math.multiplyExact(length, (long) fixedSize));
            return new ArraySummary(elementType, length);
        }
        List<Object> values = keep ? new ArrayList<>((int) Math.min(length, 1 << 16)) : null;
        for (long i = 0; i < length; i++) {
            Object value = value(in, elementType, key, nesting + 1);
            if (keep) {
                values.add(value);
            }
        }
        return keep ? Collections.unmodifiableList(values) : new ArraySummary(elementType, length);
    }

    private static int fixedSize(int type) {
        switch (type) {
            case TYPE_UINT8:
            case TYPE_INT8:
            case TYPE_BOOL:
                return 1;
            case TYPE_UINT16:
            case TYPE_INT16:
                return 2;
            case TYPE_UINT32:
            case TYPE_INT32:
            case TYPE_FLOAT32:
                return 4;
            case TYPE_UINT64:
            case TYPE_INT64:
            case TYPE_FLOAT64:
                return 8;
            default:
                return 0;
        }
    }
}
