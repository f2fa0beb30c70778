package org.selfhub.hub.git;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.http.server.resolver.DefaultUploadPackFactory;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;
import org.selfhub.hub.auth.AccessPolicy;
import org.selfhub.hub.auth.AuthService;
import org.selfhub.hub.repo.RepoService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Git smart HTTP (git-lfs.md §1): JGit's {@link GitServlet} at an internal prefix, reached only
 * through {@link GitHttpFilter}, which maps hub URLs onto it after authorizing them. Upload-pack is
 * JGit's default factory, which honours the {@code Git-Protocol} header (protocol v2); receive-pack
 * is {@link HubReceivePack} with {@link PushPolicy} as its pre-receive hook. Dumb HTTP is off.
 */
@Configuration(proxyBeanMethods = false)
class GitHttpConfiguration {

    /** JGit's pack cache is global per JVM and tiny by default; clones without bitmaps need more (§1.6, §5). */
    GitHttpConfiguration() {
        WindowCacheConfig cache = new WindowCacheConfig();
        cache.setPackedGitLimit(256L * 1024 * 1024);
        cache.setDeltaBaseCacheLimit(32 * 1024 * 1024);
        cache.setPackedGitOpenFiles(256);
        cache.install();
    }

    @Bean
    ServletRegistrationBean<GitServlet> gitServlet(GitRepositories repositories, GitService git, PushPolicy policy,
                                                   Clock clock) {
        GitServlet servlet = new GitServlet();
        servlet.setAsIsFileService(AsIsFileService.DISABLED);
        servlet.setRepositoryResolver((HttpServletRequest request, String name) -> {
            GitHttpAccess access = access(request);
            if (access == null || !access.repositoryId().toString().equals(name)) {
                throw new RepositoryNotFoundException(name);
            }
            return repositories.open(access.repositoryId());
        });
        servlet.setUploadPackFactory(new DefaultUploadPackFactory());
        servlet.setReceivePackFactory((request, db) -> {
            GitHttpAccess access = access(request);
            if (access == null) {
                throw new ServiceNotAuthorizedException();
            }
            HubReceivePack rp = new HubReceivePack(db, access, git, clock);
            String user = access.caller().name();
            rp.setRefLogIdent(new PersonIdent(user, GitService.noreply(user)));
            rp.setCheckReceivedObjects(true);
            rp.setAllowCreates(true);
            rp.setAllowDeletes(true);
            // Rewrites of the default branch are refused by PushPolicy with a clearer message.
            rp.setAllowNonFastForwards(true);
            rp.setPreReceiveHook(policy.hook(access));
            return rp;
        });
        ServletRegistrationBean<GitServlet> registration =
                new ServletRegistrationBean<>(servlet, GitHttpFilter.INTERNAL_PREFIX + "/*");
        registration.setName("gitServlet");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<GitHttpFilter> gitHttpFilter(AuthService auth, RepoService repos, AccessPolicy policy) {
        FilterRegistrationBean<GitHttpFilter> registration =
                new FilterRegistrationBean<>(new GitHttpFilter(auth, repos, policy));
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        // After Spring Security (order -100), which resolved the caller and applied the firewall.
        registration.setOrder(0);
        return registration;
    }

    private static GitHttpAccess access(HttpServletRequest request) {
        return request.getAttribute(GitHttpAccess.ATTRIBUTE) instanceof GitHttpAccess a ? a : null;
    }
}
