package org.selfhub.hub.lfs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.selfhub.hub.lfs.LfsBatchMessages.ErrorBody;
import org.selfhub.hub.shared.HubException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The locking API's errors in the LFS shape, with the same mapping as the batch endpoint
 * ({@link LfsErrorHandler}: a Basic challenge on 401, {@code {"message", "request_id"}}).
 */
@RestControllerAdvice(assignableTypes = LfsLockController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class LfsLockErrorHandler {

    private final LfsErrorHandler shape = new LfsErrorHandler();

    @ExceptionHandler(HubException.class)
    ResponseEntity<ErrorBody> hub(HubException e, HttpServletResponse response) {
        return shape.hub(e, response);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        return shape.unexpected(e, request, response);
    }
}
