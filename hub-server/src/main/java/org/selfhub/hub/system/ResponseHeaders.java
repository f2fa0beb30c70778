package org.selfhub.hub.system;

import jakarta.servlet.http.HttpServletResponse;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.tomcat.util.http.FastHttpDateFormat;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Adds ASCII response headers as bytes on the hot file routes. Tomcat writes a header it got as a
 * {@code String} through a new {@code CharsetEncoder} for its name and another for its value: on a
 * {@code HEAD /resolve} that was a third of all the bytes the hub allocated and a tenth of its CPU
 * (bench/file-api.sh). Given bytes, it copies them. Outside Tomcat, or behind a response wrapper,
 * this is {@link HttpServletResponse#setHeader}.
 */
public final class ResponseHeaders {

    private static final VarHandle FACADE_RESPONSE = facadeResponse();

    private ResponseHeaders() {
    }

    /**
     * {@link HttpServletResponse#setHeader} for a header that is not one the container treats
     * specially ({@code Content-Type}, {@code Content-Length}); {@code name} is ASCII.
     */
    public static void set(HttpServletResponse response, String name, String value) {
        MimeHeaders headers = headers(response);
        if (headers == null || !isAscii(value) || headers.getValue(name) != null) {
            response.setHeader(name, value);
            return;
        }
        add(headers, name, value);
    }

    /** The {@code Date} header, which the connector would otherwise add as a string of its own. */
    public static void setDate(HttpServletResponse response) {
        MimeHeaders headers = headers(response);
        if (headers != null && headers.getValue("Date") == null) {
            add(headers, "Date", FastHttpDateFormat.getCurrentDate());
        }
    }

    /** Whether this Tomcat lets the headers be handed over as bytes (a test pins it, so an upgrade cannot lose it silently). */
    static boolean writesBytes() {
        return FACADE_RESPONSE != null;
    }

    private static MimeHeaders headers(HttpServletResponse response) {
        return FACADE_RESPONSE != null && response instanceof ResponseFacade facade
                ? ((Response) FACADE_RESPONSE.get(facade)).getCoyoteResponse().getMimeHeaders() : null;
    }

    private static void add(MimeHeaders headers, String name, String value) {
        byte[] nameBytes = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] valueBytes = value.getBytes(StandardCharsets.ISO_8859_1);
        headers.addValue(nameBytes, 0, nameBytes.length).setBytes(valueBytes, 0, valueBytes.length);
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static VarHandle facadeResponse() {
        try {
            return MethodHandles.privateLookupIn(ResponseFacade.class, MethodHandles.lookup())
                    .findVarHandle(ResponseFacade.class, "response", Response.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
