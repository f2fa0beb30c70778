package org.selfhub.hub.system;

import java.io.IOException;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves hub-web: its static files, and its {@code index.html} for every other web route
 * ({@code /acme/bert}, {@code /models}, {@code /settings/tokens}...), so the browser UI uses the
 * same URLs as huggingface.co. Paths of the other route families (API, git, files, inference)
 * never fall back to the page: they answer their own 404s.
 */
@Configuration(proxyBeanMethods = false)
class SinglePageAppConfiguration implements WebMvcConfigurer {

    private static final String WEB_ROOT = "META-INF/resources/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/" + WEB_ROOT + "assets/")
                // Vite puts a content hash in every asset name.
                .setCacheControl(CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic().immutable());
        registry.addResourceHandler("/**")
                .addResourceLocations("classpath:/" + WEB_ROOT)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(new IndexFallbackResolver());
    }

    private static final class IndexFallbackResolver extends PathResourceResolver {
        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            if (HubPaths.classify("/" + resourcePath) != HubPaths.Family.WEB) {
                return null;
            }
            Resource requested = location.createRelative(resourcePath);
            if (!resourcePath.isEmpty() && requested.exists() && requested.isReadable()) {
                return requested;
            }
            Resource index = new ClassPathResource(WEB_ROOT + "index.html");
            return index.exists() ? index : null;
        }
    }
}
