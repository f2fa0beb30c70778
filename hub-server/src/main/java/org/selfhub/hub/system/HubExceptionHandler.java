package org.selfhub.hub.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where exceptions become HTTP errors, always in the Hugging Face shape. Class names
 * and stack traces never reach the caller; unexpected failures are logged with the request id.
 */
@RestControllerAdvice
class HubExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(HubExceptionHandler.class);

    @ExceptionHandler(HubException.class)
    ResponseEntity<Map<String, Object>> hub(HubException e) {
        return HubErrorResponses.entity(e);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noRoute(HttpServletRequest request) {
        return HubErrorResponses.entity(new HubException(HubErrorCode.NOT_FOUND,
                "Sorry, we can't find the page you are looking for: " + request.getMethod() + " "
                        + request.getRequestURI()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return HubErrorResponses.entity(new HubException(HubErrorCode.BAD_REQUEST,
                "Method " + e.getMethod() + " is not allowed here").withStatus(HttpStatus.METHOD_NOT_ALLOWED));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return HubErrorResponses.entity(new HubException(HubErrorCode.BAD_REQUEST,
                "Unsupported content type " + e.getContentType()).withStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class, MethodArgumentNotValidException.class,
            HandlerMethodValidationException.class})
    ResponseEntity<Map<String, Object>> badRequest(Exception e) {
        String message = "Invalid request";
        if (e instanceof HttpMessageNotReadableException) {
            message = "Invalid request body";
        } else if (e instanceof MissingServletRequestParameterException m) {
            message = "Missing parameter '" + m.getParameterName() + "'";
        } else if (e instanceof MethodArgumentTypeMismatchException m) {
            message = "Invalid value for '" + m.getName() + "'";
        } else if (e instanceof MethodArgumentNotValidException m) {
            message = m.getBindingResult().getFieldErrors().stream()
                    .map(f -> f.getField() + ": " + f.getDefaultMessage()).findFirst().orElse(message);
        }
        return HubErrorResponses.entity(HubException.badRequest(message));
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone() {
        // The client went away mid-response; nothing to answer.
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return HubErrorResponses.entity(new HubException(HubErrorCode.INTERNAL,
                "Internal error; the server log has the details under request id "
                        + request.getAttribute(RequestIdFilter.ATTRIBUTE)));
    }
}
