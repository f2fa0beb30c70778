package org.selfhub.worker.task;

import java.util.Base64;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One inference request as the hub forwards it.
 *
 * @param body        the JSON body the client sent, or {@code null} for a raw (image) body
 * @param raw         the raw body bytes when it is not JSON (images), else {@code null}
 * @param contentType the client's content type
 * @param options     server-side options passed with the job ({@code params} in the lease reply), e.g.
 *                    {@code {"stream":true}} or {@code {"zeroShotFormat":"legacy"}}; never {@code null}
 */
public record TaskRequest(JsonNode body, byte[] raw, String contentType, ObjectNode options) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    public TaskRequest {
        if (options == null) {
            options = JsonNodeFactory.instance.objectNode();
        }
    }

    /** A JSON request (tests and the embedded worker). */
    public static TaskRequest json(String body) {
        return new TaskRequest(JSON.readTree(body), null, "application/json", null);
    }

    public static TaskRequest json(String body, ObjectNode options) {
        return new TaskRequest(JSON.readTree(body), null, "application/json", options);
    }

    /** A raw-bytes request, e.g. an image. */
    public static TaskRequest raw(byte[] bytes, String contentType) {
        return new TaskRequest(null, bytes, contentType, null);
    }

    /**
     * The body's {@code parameters} object, else the job option {@code parameters} (how the hub passes
     * them along with a raw image body), else an empty object.
     */
    public JsonNode parameters() {
        JsonNode p = body == null ? null : body.get("parameters");
        if (p == null || !p.isObject()) {
            p = options.get("parameters");
        }
        return p != null && p.isObject() ? p : JsonNodeFactory.instance.objectNode();
    }

    /** The body's {@code inputs}, or a missing node. */
    public JsonNode inputs() {
        return body == null ? tools.jackson.databind.node.MissingNode.getInstance() : body.path("inputs");
    }

    public boolean isJson() {
        return body != null;
    }

    /**
     * The bytes of a binary input: the raw body, or the base64 string in {@code inputs} (Python sends
     * images that way when parameters are set, §1.3).
     */
    public byte[] binaryInput() {
        if (raw != null) {
            return raw;
        }
        JsonNode in = inputs();
        if (in.isString()) {
            String s = in.stringValue();
            int comma = s.startsWith("data:") ? s.indexOf(',') : -1;
            try {
                return Base64.getMimeDecoder().decode(comma >= 0 ? s.substring(comma + 1) : s);
            } catch (IllegalArgumentException e) {
                throw TaskException.badInput("inputs is not valid base64");
            }
        }
        throw TaskException.badInput("expected the image as the request body or as base64 in inputs");
    }

    boolean isImageContent() {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("image/");
    }
}
