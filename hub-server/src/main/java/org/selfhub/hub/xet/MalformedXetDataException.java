package org.selfhub.hub.xet;

/** A xorb or shard that does not parse, decode or verify: the CAS answers 400 (hf_xet does not retry it). */
class MalformedXetDataException extends RuntimeException {

    MalformedXetDataException(String message) {
        super(message);
    }
}
