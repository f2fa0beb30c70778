package org.selfhub.hub.storage;

import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;

/** No object (or no multipart upload) exists under the given key. */
public class ObjectNotFoundException extends HubException {

    private final String key;

    public ObjectNotFoundException(String key) {
        this(key, "No object under key " + key);
    }

    ObjectNotFoundException(String key, String message) {
        super(HubErrorCode.NOT_FOUND, message);
        this.key = key;
    }

    /** The key that was looked up. */
    public String key() {
        return key;
    }
}
