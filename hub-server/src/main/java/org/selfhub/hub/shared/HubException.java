package org.selfhub.hub.shared;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A domain failure that the web layer turns into the Hugging Face error shape. Carries its code, a
 * message safe to show to the caller, an optional status override (e.g. 401 instead of 404 for an
 * anonymous caller), extra response headers and extra JSON body fields.
 */
public class HubException extends RuntimeException {

    private final HubErrorCode code;
    private final HttpStatus status;
    private final Map<String, String> headers;
    private final Map<String, Object> body;

    public HubException(HubErrorCode code, String message) {
        this(code, message, code.status(), Map.of(), Map.of());
    }

    public HubException(HubErrorCode code, String message, HttpStatus status,
                        Map<String, String> headers, Map<String, Object> body) {
        super(message);
        this.code = code;
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = Map.copyOf(body);
    }

    public HubErrorCode code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, Object> body() {
        return body;
    }

    public HubException withStatus(HttpStatus newStatus) {
        return new HubException(code, getMessage(), newStatus, headers, body);
    }

    public HubException withHeader(String name, String value) {
        var copy = new java.util.LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HubException(code, getMessage(), status, copy, body);
    }

    public HubException withBodyField(String name, Object value) {
        var copy = new java.util.LinkedHashMap<>(body);
        copy.put(name, value);
        return new HubException(code, getMessage(), status, headers, copy);
    }

    public static HubException badRequest(String message) {
        return new HubException(HubErrorCode.BAD_REQUEST, message);
    }

    public static HubException notFound(String message) {
        return new HubException(HubErrorCode.NOT_FOUND, message);
    }

    public static HubException forbidden(String message) {
        return new HubException(HubErrorCode.FORBIDDEN, message);
    }
}
