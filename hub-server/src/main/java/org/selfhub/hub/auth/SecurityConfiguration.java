package org.selfhub.hub.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Spring Security's part: it only authenticates (bearer tokens, git Basic, the browser session) in
 * {@link CallerFilter}; what a caller may do is decided by the hub's one access policy, per
 * repository, so every route is reachable here and answers 401/403/404 itself in the Hugging Face
 * shape. CSRF is checked by {@link CallerFilter} for cookie sessions only.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, AuthService auth, SessionCookies sessions) throws Exception {
        // Only what the hub uses stays in the chain (the firewall, the security headers, the caller):
        // every filter here runs on every request. No authorization rules means no authorization filter.
        return http
                .addFilterAfter(new CallerFilter(auth, sessions), SecurityContextHolderFilter.class)
                .securityContext(context -> context.disable())
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .sessionManagement(session -> session.disable())
                .servletApi(servletApi -> servletApi.disable())
                .exceptionHandling(exceptions -> exceptions.disable())
                .build();
    }

    /**
     * The hub never authenticates through Spring's managers. Declaring this one keeps Boot from
     * creating an in-memory user with a generated password (and its start-up warning).
     */
    @Bean
    AuthenticationManager noAuthenticationManager() {
        return authentication -> {
            throw new ProviderNotFoundException("The hub authenticates callers in its own filter");
        };
    }
}
