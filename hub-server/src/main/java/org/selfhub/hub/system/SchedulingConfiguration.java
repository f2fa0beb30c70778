package org.selfhub.hub.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns on {@code @Scheduled} for the hub's periodic jobs: the daily recomputation of the counter
 * windows ({@code stats/CounterWindows}) and the sweep of abandoned uploads ({@code lfs/StagingJanitor}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {
}
