package org.selfhub.worker.model;

/** The model cannot fit the worker's memory budget even when every other model is evicted ("TooBig"). */
public final class ModelTooLargeException extends RuntimeException {

    public ModelTooLargeException(String message) {
        super(message);
    }
}
