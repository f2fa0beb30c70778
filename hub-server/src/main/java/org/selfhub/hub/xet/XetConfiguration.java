package org.selfhub.hub.xet;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the CAS token filter in front of Spring Security, on the CAS path only. */
@Configuration(proxyBeanMethods = false)
class XetConfiguration {

    @Bean
    FilterRegistrationBean<XetCasAuthFilter> xetCasAuthFilter(XetTokens tokens, XetProperties properties) {
        FilterRegistrationBean<XetCasAuthFilter> registration =
                new FilterRegistrationBean<>(new XetCasAuthFilter(tokens, properties));
        registration.addUrlPatterns(properties.casPath() + "/*");
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }
}
