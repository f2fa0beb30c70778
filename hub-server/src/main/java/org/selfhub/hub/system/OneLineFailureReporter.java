package org.selfhub.hub.system;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Prints an analysed start-up failure as one line on standard error, instead of Boot's
 * multi-line banner ({@code LoggingFailureAnalysisReporter} is silenced in application.yml).
 */
class OneLineFailureReporter implements FailureAnalysisReporter {

    @Override
    public void report(FailureAnalysis analysis) {
        String action = analysis.getAction() == null ? "" : " (" + analysis.getAction().strip().replace('\n', ' ') + ")";
        System.err.println("hub failed to start: " + analysis.getDescription().strip().replace('\n', ' ') + action);
    }
}
