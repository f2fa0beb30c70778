package org.selfhub.hub.system;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Turns the start-up failures an operator can fix (port taken, data directory not writable,
 * database unreachable or refusing the credentials, object store refusing the credentials) into one
 * line each, printed by {@link OneLineFailureReporter}. Anything else falls through to Boot, which
 * logs it with its stack trace: that is a bug, not a setting.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartupFailureAnalyzer implements FailureAnalyzer {

    private final Environment environment;

    StartupFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StartupException e) {
                return new FailureAnalysis(e.getMessage(), null, failure);
            }
            if (t instanceof PortInUseException e) {
                return new FailureAnalysis("port " + e.getPort() + " is already in use; stop the other process or set"
                        + " --server.port (0 picks a free port)", null, failure);
            }
            if (t instanceof SQLException e && e.getSQLState() != null) {
                String url = environment.getProperty("spring.datasource.url", "the embedded database");
                if (e.getSQLState().startsWith("08")) {
                    return new FailureAnalysis("database unreachable at " + url + ": " + e.getMessage(), null, failure);
                }
                if (e.getSQLState().startsWith("28")) {
                    return new FailureAnalysis("database at " + url + " rejected the credentials: " + e.getMessage(),
                            null, failure);
                }
                if (e.getSQLState().equals("3D000")) {
                    return new FailureAnalysis("database at " + url + " does not exist: " + e.getMessage(), null,
                            failure);
                }
            }
        }
        return null;
    }
}
