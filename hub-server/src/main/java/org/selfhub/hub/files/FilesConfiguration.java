package org.selfhub.hub.files;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.selfhub.hub.auth.AuthService;
import org.selfhub.hub.git.FileIndex;
import org.selfhub.hub.git.GitService;
import org.selfhub.hub.lfs.LfsObjectService;
import org.selfhub.hub.repo.RepoService;
import org.selfhub.hub.system.FilterOrder;
import org.selfhub.hub.xet.XetFiles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;

/** The pieces of the files module that are not plain components. */
@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    /** Resolve and raw, right after the request id, before everything else ({@link FilterOrder}). */
    @Bean
    FilterRegistrationBean<FileServingFilter> fileServingFilter(HttpFirewall firewall, AuthService auth,
            RepoService repos, GitService git, FileIndex index, LfsObjectService lfs, XetFiles xet,
            List<FileServed.Listener> listeners, MeterRegistry meters) {
        FilterRegistrationBean<FileServingFilter> registration = new FilterRegistrationBean<>(
                new FileServingFilter(firewall, auth, repos, git, index, lfs, xet, listeners, meters));
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(FilterOrder.FILES);
        return registration;
    }
}
