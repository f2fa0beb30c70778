package org.selfhub.worker.task;

/**
 * A request the model cannot serve as asked: reported to the hub as a final (not retried) error with
 * the given status, normally 400 (inference-design.md §3.7, "a worker-reported 400 is final").
 */
public final class TaskException extends RuntimeException {

    private final int status;

    public TaskException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static TaskException badInput(String message) {
        return new TaskException(400, message);
    }

    public int status() {
        return status;
    }
}
