package org.selfhub.hub.inference;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON the inference module reads and writes outside MVC's converters (payloads, stored bodies). */
final class InferenceJson {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private InferenceJson() {
    }

    /** {@code {"error": message}} as bytes. */
    static byte[] errorBody(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        return JSON.writeValueAsBytes(body);
    }

    /** The JSON value of these bytes, or null when they are not JSON. */
    static JsonNode parseOrNull(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            return null;
        }
    }

    static JsonNode parse(String text) {
        return JSON.readTree(text == null || text.isEmpty() ? "{}" : text);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static byte[] bytes(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    static String text(Object value) {
        return JSON.writeValueAsString(value);
    }
}
