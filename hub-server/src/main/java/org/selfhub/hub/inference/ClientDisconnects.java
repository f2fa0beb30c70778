package org.selfhub.hub.inference;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.TomcatContextCustomizer;

/**
 * Tells whether the client of a held inference request has hung up. The servlet API cannot: while
 * a request waits asynchronously with its body read, Tomcat watches neither the socket nor the
 * peer's FIN, so nothing fires until the response is written. The valve hands the held request its
 * Coyote request, and {@link #gone} asks Tomcat for a non-blocking read on the connection: a
 * closed connection reads end-of-stream, which Tomcat reports as one byte available (an idle
 * HTTP/1.1 client sends nothing while it waits). Callers must not probe once the answer is being
 * written (see {@code InferenceController}). Other containers: {@link #gone} is always false and
 * a job is cancelled only when its wait budget runs out.
 */
final class ClientDisconnects {

    private static final String ATTRIBUTE = ClientDisconnects.class.getName() + ".coyote";

    private ClientDisconnects() {
    }

    static TomcatContextCustomizer valve(String prefix) {
        return context -> context.getPipeline().addValve(new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                if (request.getRequestURI() != null && request.getRequestURI().startsWith(prefix + "/")) {
                    request.setAttribute(ATTRIBUTE, request.getCoyoteRequest());
                }
                getNext().invoke(request, response);
            }
        });
    }

    /** The handle to probe later, or null outside Tomcat. */
    static Object handle(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE);
    }

    static boolean gone(Object handle) {
        if (!(handle instanceof org.apache.coyote.Request coyote)) {
            return false;
        }
        try {
            coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
            return coyote.getAvailable() > 0;
        } catch (RuntimeException e) {
            return true;
        }
    }
}
