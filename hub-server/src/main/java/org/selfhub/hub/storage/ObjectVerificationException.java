package org.selfhub.hub.storage;

import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;

/**
 * Uploaded bytes did not match what the uploader declared (size or sha256), or the store refused to
 * assemble the declared parts. Nothing was made visible under the target key. The message is safe to
 * show to the uploader.
 */
public class ObjectVerificationException extends HubException {

    ObjectVerificationException(String message) {
        super(HubErrorCode.UNPROCESSABLE, message);
    }

    static ObjectVerificationException sizeMismatch(long expected, long actual) {
        return new ObjectVerificationException(
                "Uploaded content has " + actual + " bytes, expected " + expected);
    }

    static ObjectVerificationException longerThan(long expected) {
        return new ObjectVerificationException(
                "Uploaded content is longer than the declared " + expected + " bytes");
    }

    static ObjectVerificationException sha256Mismatch(String expected, String actual) {
        return new ObjectVerificationException(
                "Uploaded content has sha256 " + actual + ", expected " + expected);
    }
}
