package org.selfhub.hub.stats;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The windowed counters: {@code downloads} (last 30 days), {@code likes} and {@code trending_score}
 * (likes of the last 7 days + downloads of the last 7 days / 10), recomputed from
 * {@code repository_download} and {@code repository_like} for one repository when its counters
 * change, and for all of them once a day when the windows move.
 */
@Component
class CounterWindows {

    private static final Logger log = LoggerFactory.getLogger(CounterWindows.class);

    static final int DOWNLOAD_DAYS = 30;
    static final int TRENDING_DAYS = 7;

    private static final String WINDOWS = """
            WITH d AS (SELECT repository_id, count(*) AS n30, count(*) FILTER (WHERE day > :d7) AS n7
                       FROM repository_download WHERE day > :d30 %1$s GROUP BY repository_id),
                 l AS (SELECT repository_id, count(*) AS total, count(*) FILTER (WHERE created_at > :t7) AS n7
                       FROM repository_like WHERE true %1$s GROUP BY repository_id),
                 w AS (SELECT r.id, COALESCE(d.n30, 0) AS downloads, COALESCE(l.total, 0) AS likes,
                              COALESCE(l.n7, 0) + COALESCE(d.n7, 0) / 10.0 AS trending
                       FROM repository r LEFT JOIN d ON d.repository_id = r.id LEFT JOIN l ON l.repository_id = r.id
                       WHERE true %2$s)
            UPDATE repository r SET downloads = w.downloads, likes = w.likes, trending_score = w.trending
            FROM w WHERE r.id = w.id
              AND (r.downloads <> w.downloads OR r.likes <> w.likes OR r.trending_score <> w.trending)""";

    private final JdbcClient jdbc;
    private final Clock clock;

    CounterWindows(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Recomputes one repository's windowed counters as of {@code today} (UTC). */
    void refresh(UUID repositoryId, LocalDate today) {
        bind(jdbc.sql(WINDOWS.formatted("AND repository_id = :id", "AND r.id = :id")), today)
                .param("id", repositoryId)
                .update();
    }

    /** Recomputes every repository's windowed counters as of {@code today}; returns how many changed. */
    int refreshAll(LocalDate today) {
        return bind(jdbc.sql(WINDOWS.formatted("", "")), today).update();
    }

    /** Shortly after each UTC midnight the 7- and 30-day windows move by a day. */
    @Scheduled(cron = "0 5 0 * * *", zone = "UTC")
    void daily() {
        int changed = refreshAll(today());
        log.info("Recomputed the download and trending windows: {} repositories changed", changed);
    }

    /** The UTC day (by epoch arithmetic: this runs on every counted download). */
    LocalDate today() {
        return LocalDate.ofEpochDay(Math.floorDiv(clock.millis(), 86_400_000L));
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, LocalDate today) {
        return statement
                .param("d30", Date.valueOf(today.minusDays(DOWNLOAD_DAYS)))
                .param("d7", Date.valueOf(today.minusDays(TRENDING_DAYS)))
                .param("t7", Timestamp.from(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .minus(java.time.Duration.ofDays(TRENDING_DAYS))));
    }
}
