package org.selfhub.hub.inference;

import java.time.Clock;
import org.selfhub.hub.auth.spi.ScopedReadTokens;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pieces of the inference module that are not plain components. */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {

    /** Before Spring Security (order -100), which would read the pool secret as a user token. */
    static final int WORKER_AUTH_ORDER = -110;

    @Bean
    FilterRegistrationBean<WorkerAuthFilter> workerAuthFilter(InferenceProperties properties) {
        FilterRegistrationBean<WorkerAuthFilter> registration =
                new FilterRegistrationBean<>(new WorkerAuthFilter(properties.workerSecret()));
        registration.setOrder(WORKER_AUTH_ORDER);
        registration.addUrlPatterns(WorkerAuthFilter.PATH_PREFIX + "*");
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ASYNC,
                jakarta.servlet.DispatcherType.ERROR);
        return registration;
    }

    @Bean
    org.springframework.boot.tomcat.TomcatContextCustomizer inferenceDisconnectValve(InferenceProperties properties) {
        return ClientDisconnects.valve(properties.prefix());
    }

    @Bean
    ModelReadTokens modelReadTokens(InferenceProperties properties, Clock clock) {
        return new ModelReadTokens(properties.workerSecret(), clock);
    }

    /**
     * Lets the file routes accept the {@code hfw_} tokens of {@link ModelReadTokens} (auth's SPI, so
     * that files and auth never depend on inference): read access to one repository at one commit.
     */
    @Bean
    ScopedReadTokens scopedReadTokens(ModelReadTokens tokens) {
        return token -> tokens.verify(token).map(g -> new ScopedReadTokens.ScopedRead(g.repositoryId(), g.sha()));
    }
}
