package org.selfhub.hub.metadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a GGUF header says about a model, the {@code gguf} field of model info. huggingface.co sends
 * {@code total}, {@code architecture}, {@code context_length}, {@code chat_template},
 * {@code bos_token} and {@code eos_token}; huggingface_hub keeps the field as a plain dict.
 *
 * @param total         parameter count: the element count of every tensor, over all splits of the file
 * @param architecture  {@code general.architecture}, e.g. {@code llama}; null when absent
 * @param contextLength {@code <architecture>.context_length}; null when absent
 * @param chatTemplate  {@code tokenizer.chat_template}; null when absent
 * @param bosToken      the token {@code tokenizer.ggml.bos_token_id} points at; null when unknown
 * @param eosToken      the token {@code tokenizer.ggml.eos_token_id} points at; null when unknown
 * @param fileType      {@code general.file_type}; null when absent
 * @param quantization  the llama.cpp name of {@code fileType}, e.g. {@code Q4_K_M}; null when unknown
 * @param file          the path of the GGUF file these values come from
 */
public record GgufInfo(long total, String architecture, Long contextLength, String chatTemplate,
        String bosToken, String eosToken, Integer fileType, String quantization, String file) {

    /**
     * The JSON shape of model info: the huggingface.co keys, each only when known, plus
     * {@code quantization} (an extra key, harmless to clients, which keep {@code gguf} as a dict).
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", total);
        putIfPresent(json, "architecture", architecture);
        putIfPresent(json, "context_length", contextLength);
        putIfPresent(json, "chat_template", chatTemplate);
        putIfPresent(json, "bos_token", bosToken);
        putIfPresent(json, "eos_token", eosToken);
        putIfPresent(json, "quantization", quantization);
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
