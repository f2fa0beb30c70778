package org.selfhub.hub.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameter counts read from safetensors headers, the {@code safetensors} field of model info.
 * huggingface_hub's {@code SafeTensorsInfo} requires both keys (hub-api-contract.md §3.2).
 *
 * @param parameters element count per dtype as the header spells it ({@code F32}, {@code BF16},
 *                   {@code I64}, …), sorted by dtype
 * @param total      the sum over all dtypes
 */
public record SafetensorsInfo(Map<String, Long> parameters, long total) {

    public SafetensorsInfo {
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    /** Sums per-dtype counts into an info whose total is their sum. */
    static SafetensorsInfo of(Map<String, Long> parameters) {
        long total = 0;
        for (long n : parameters.values()) {
            total = Math.addExact(total, n);
        }
        return new SafetensorsInfo(parameters, total);
    }

    /** The JSON shape of model info: {@code {"parameters": {"F32": n, …}, "total": n}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("parameters", new LinkedHashMap<>(parameters));
        json.put("total", total);
        return json;
    }
}
