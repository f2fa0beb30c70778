package org.selfhub.hub.shared;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Dates as every Hugging Face client parses them: UTC, millisecond fraction, literal {@code Z}
 * (hub-api-contract.md §1.8; Python below 0.30 requires the fraction, no client takes {@code +00:00}).
 */
public final class HfDates {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private HfDates() {
    }

    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
