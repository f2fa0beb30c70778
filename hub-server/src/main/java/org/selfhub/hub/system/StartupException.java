package org.selfhub.hub.system;

/**
 * A start-up failure whose message already says what is wrong and what to do, in one line.
 * {@link StartupFailureAnalyzer} prints it without a stack trace.
 */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
