package org.selfhub.hub.stats;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on {@code @Scheduled} for the daily recomputation of the counter windows. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StatsScheduling {
}
