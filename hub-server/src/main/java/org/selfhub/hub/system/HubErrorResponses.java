package org.selfhub.hub.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.selfhub.hub.shared.HubException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Hugging Face error shape (hub-api-contract.md §1.6): {@code X-Error-Code} (when the code has
 * one), {@code X-Error-Message}, and a JSON body {@code {"error": message, ...extra fields}}. Used by
 * the MVC exception handler and by servlet filters that answer before MVC runs.
 */
public final class HubErrorResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HubErrorResponses() {
    }

    public static ResponseEntity<Map<String, Object>> entity(HubException e) {
        HttpHeaders headers = new HttpHeaders();
        headers(e).forEach(headers::set);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return ResponseEntity.status(e.status()).headers(headers).body(body(e));
    }

    /** Writes the error to a raw servlet response (filters, entry points); does nothing once committed. */
    public static void write(HttpServletResponse response, HubException e) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(e.status().value());
        headers(e).forEach(response::setHeader);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(body(e)));
    }

    private static Map<String, String> headers(HubException e) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (e.code().headerValue() != null) {
            headers.put("X-Error-Code", e.code().headerValue());
        }
        headers.put("X-Error-Message", headerSafe(e.getMessage()));
        headers.putAll(e.headers());
        return headers;
    }

    private static Map<String, Object> body(HubException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.putAll(e.body());
        return body;
    }

    /** Header values must be single-line Latin-1; anything else is replaced. */
    private static String headerSafe(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(message.length());
        for (char c : message.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        return sb.toString();
    }
}
