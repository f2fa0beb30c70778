package org.selfhub.hub.lfs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The JSON messages of the LFS batch API (git-lfs docs/api/batch.md, hub-api-contract.md §7.6). */
final class LfsBatchMessages {

    static final String MEDIA_TYPE = "application/vnd.git-lfs+json";

    private LfsBatchMessages() {
    }

    /** {@code hash_algo}: git-lfs sends {@code sha256} (or nothing), the JS client {@code sha_256}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchRequest(String operation, List<String> transfers, Ref ref, List<ObjectSpec> objects,
                        @JsonProperty("hash_algo") String hashAlgo) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Ref(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ObjectSpec(String oid, Long size) {
    }

    record BatchResponse(String transfer, List<ObjectResult> objects, @JsonProperty("hash_algo") String hashAlgo) {
    }

    /** One object of the answer: no actions (already stored), actions, or an error. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ObjectResult(String oid, long size, Boolean authenticated, Map<String, Action> actions,
                        ObjectError error) {

        static ObjectResult present(String oid, long size) {
            return new ObjectResult(oid, size, null, null, null);
        }

        static ObjectResult failed(String oid, long size, int code, String message) {
            return new ObjectResult(oid, size, null, null, new ObjectError(code, message));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Action(String href, Map<String, String> header, @JsonProperty("expires_in") Long expiresIn) {
    }

    record ObjectError(int code, String message) {
    }

    /** The multipart completion body: {@code {"oid": ..., "parts": [{"partNumber": 1, "etag": ...}]}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CompletionRequest(String oid, List<CompletedPartSpec> parts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CompletedPartSpec(Integer partNumber, String etag) {
    }

    /** The verify body: {@code {"oid": ..., "size": ...}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VerifyRequest(String oid, Long size) {
    }

    /** The LFS error body (git-lfs docs/api/batch.md, "Response Errors"). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorBody(String message, @JsonProperty("request_id") String requestId) {
    }
}
