package org.selfhub.hub.metadata;

/** A file whose content cannot be used for metadata; the message says why, without the path. */
final class MalformedFileException extends Exception {

    MalformedFileException(String message) {
        super(message);
    }
}
