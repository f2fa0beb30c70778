package org.selfhub.hub.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts the parameters of one safetensors file from its header, read with ranged reads.
 *
 * <p>The format (https://github.com/huggingface/safetensors#format): 8 bytes little-endian unsigned
 * header length {@code N}, then {@code N} bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets"}}, plus an optional {@code "__metadata__"} string map; the
 * weights follow and are never read. The reference implementation refuses headers over 100 MB, and so
 * do we. A tensor's parameter count is the product of its shape ({@code []} is a scalar: 1).
 */
final class SafetensorsReader {

    /** The reference implementation's limit on the header length. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The first read also fetches this much of the header, which is enough for most files. */
    private static final int FIRST_READ = 64 * 1024;

    /** What one file's header says: element counts per dtype, and how long the header is. */
    record Header(Map<String, Long> parameters, long length) {
    }

    private final JsonMapper jsonMapper;

    SafetensorsReader(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /**
     * Reads the header of {@code file} and sums element counts per dtype.
     *
     * @throws MalformedFileException when the header is truncated, too large or not the expected JSON
     */
    Header read(RepoFiles files, RepoFile file) throws IOException, MalformedFileException {
        if (file.size() < 8) {
            throw new MalformedFileException("the file is shorter than the 8-byte header length");
        }
        byte[] first = files.readRange(file.path(), 0, (int) Math.min(file.size(), 8L + FIRST_READ));
        if (first.length < 8) {
            throw new MalformedFileException("the file is shorter than the 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(first, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
            throw new MalformedFileException("the header length " + Long.toUnsignedString(headerLength)
                    + " is outside 1.." + MAX_HEADER_BYTES);
        }
        if (8 + headerLength > file.size()) {
            throw new MalformedFileException("the header length " + headerLength + " runs past the end of the file");
        }
        byte[] header = new byte[(int) headerLength];
        int have = Math.min(first.length - 8, header.length);
        System.arraycopy(first, 8, header, 0, have);
        if (have < header.length) {
            byte[] rest = files.readRange(file.path(), 8L + have, header.length - have);
            if (rest.length != header.length - have) {
                throw new MalformedFileException("the header is truncated");
            }
            System.arraycopy(rest, 0, header, have, rest.length);
        }
        return new Header(parseHeader(header), headerLength);
    }

    /** Streams the header JSON, so a large header is never held as a tree. */
    Map<String, Long> parseHeader(byte[] header) throws MalformedFileException {
        Map<String, Long> counts = new TreeMap<>();
        try (JsonParser parser = jsonMapper.createParser(header)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFileException("the header is not a JSON object");
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                JsonToken token = parser.nextToken();
                if ("__metadata__".equals(name)) {
                    parser.skipChildren();
                    continue;
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new MalformedFileException("tensor '" + name + "' is not a JSON object");
                }
                readTensor(parser, name, counts);
            }
            if (parser.nextToken() != null) {
                throw new MalformedFileException("the header has content after its JSON object");
            }
        } catch (JacksonException e) {
            throw new MalformedFileException("the header is not valid JSON: " + e.getOriginalMessage());
        } catch (ArithmeticException e) {
            throw new MalformedFileException("the parameter count overflows");
        }
        return counts;
    }

    private static void readTensor(JsonParser parser, String name, Map<String, Long> counts)
            throws MalformedFileException {
        String dtype = null;
        Long elements = null;
        for (String key = parser.nextName(); key != null; key = parser.nextName()) {
            JsonToken token = parser.nextToken();
            if ("dtype".equals(key)) {
                if (token != JsonToken.VALUE_STRING || parser.getString().isEmpty()) {
                    throw new MalformedFileException("tensor '" + name + "' has no dtype string");
                }
                dtype = parser.getString();
            } else if ("shape".equals(key)) {
                if (token != JsonToken.START_ARRAY) {
                    throw new MalformedFileException("tensor '" + name + "' has no shape array");
                }
                long product = 1;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (!parser.isExpectedNumberIntToken() || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            || parser.getLongValue() < 0) {
                        throw new MalformedFileException("tensor '" + name + "' has a dimension that is not a non-negative integer");
                    }
                    product = Math.multiplyExact(product, parser.getLongValue());
                }
                elements = product;
            } else {
                parser.skipChildren();
            }
        }
        if (dtype == null || elements == null) {
            throw new MalformedFileException("tensor '" + name + "' lacks dtype or shape");
        }
        counts.merge(dtype, elements, Math::addExact);
    }
}
