package org.selfhub.hub.lfs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.selfhub.hub.lfs.LfsBatchMessages.ErrorBody;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The batch endpoint's one error mapping, in the LFS shape {@code {"message", "request_id"}}
 * (git-lfs docs/api/batch.md). A 401 carries {@code WWW-Authenticate} and {@code LFS-Authenticate}:
 * without a Basic challenge git-lfs gives up instead of asking its credential helper.
 */
@RestControllerAdvice(assignableTypes = LfsBatchController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class LfsErrorHandler {

    static final String CHALLENGE = "Basic realm=\"hub\"";

    private static final Logger log = LoggerFactory.getLogger(LfsErrorHandler.class);

    @ExceptionHandler(HubException.class)
    ResponseEntity<ErrorBody> hub(HubException e, HttpServletResponse response) {
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::set);
        if (e.code().headerValue() != null) {
            headers.set("X-Error-Code", e.code().headerValue());
        }
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            headers.set("LFS-Authenticate", CHALLENGE);
        }
        headers.setContentType(MediaType.parseMediaType(LfsBatchMessages.MEDIA_TYPE));
        return ResponseEntity.status(e.status()).headers(headers)
                .body(new ErrorBody(e.getMessage(), response.getHeader("X-Request-Id")));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return hub(new HubException(HubErrorCode.INTERNAL, "Internal error; the server log has the details under"
                + " request id " + response.getHeader("X-Request-Id")), response);
    }
}
