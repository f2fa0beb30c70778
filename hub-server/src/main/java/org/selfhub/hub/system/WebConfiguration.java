package org.selfhub.hub.system;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Lets percent-encoded slashes through Tomcat and Spring Security: revisions such as
 * {@code refs%2Fpr%2F1} and Python's {@code a%2Fb} tree paths need them (hub-api-contract.md §1.3,
 * build-notes.md §Q5). File routes parse the raw request URI themselves.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    TomcatConnectorCustomizer encodedSlashCustomizer() {
        return connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.DECODE.getValue());
            // Request bodies are read from the socket this much at a time (Tomcat's default, 8 KiB,
            // made a 1 GiB upload 131,072 trips through the connector; 32 KiB per connection made
            // the verified LFS PUT about 40 % faster in bench/file-api.sh).
            connector.setProperty("socket.appReadBufSize", Integer.toString(32 * 1024));
        };
    }

    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }

    /**
     * Boot's request observation, moved behind the file routes ({@link FilterOrder}): they time
     * themselves ({@code hub.files.requests}) for a fraction of what an observation costs.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> webMvcObservationFilter(ObservationRegistry registry) {
        FilterRegistrationBean<ServerHttpObservationFilter> registration =
                new FilterRegistrationBean<>(new ServerHttpObservationFilter(registry));
        registration.setOrder(FilterOrder.OBSERVATION);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
