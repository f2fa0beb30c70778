package org.selfhub.hub.auth;

import java.util.List;
import java.util.Map;
import org.selfhub.hub.auth.spi.NamespaceRepoCounter;
import org.selfhub.hub.shared.HubException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organizations and user profiles in huggingface.co's shapes ({@code get_user_overview},
 * {@code get_organization_overview}, {@code list_organization_members}), plus creating
 * organizations and managing members.
 */
@RestController
class OrganizationController {

    record NewOrganization(String name, String fullname) {
    }

    record MemberRequest(String user, String role) {
    }

    private final AccountService accounts;
    private final AuthService auth;
    private final ObjectProvider<NamespaceRepoCounter> counter;

    OrganizationController(AccountService accounts, AuthService auth, ObjectProvider<NamespaceRepoCounter> counter) {
        this.accounts = accounts;
        this.auth = auth;
        this.counter = counter;
    }

    @PostMapping("/api/organizations")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(Caller caller, @RequestBody NewOrganization request) {
        OrganizationAccount org = accounts.createOrganization(caller, request.name(), request.fullname());
        return AccountJson.orgOverview(org, NamespaceRepoCounter.RepoCounts.NONE);
    }

    @GetMapping("/api/organizations/{name}/overview")
    Map<String, Object> organization(Caller caller, @PathVariable String name) {
        OrganizationAccount org = accounts.findOrganization(name)
                .orElseThrow(() -> HubException.notFound("Organization " + name + " not found"));
        return AccountJson.orgOverview(org, counts(org.name(), caller));
    }

    /** Members are public, as on huggingface.co; their roles only to members and hub admins. */
    @GetMapping("/api/organizations/{name}/members")
    List<Map<String, Object>> members(Caller caller, @PathVariable String name) {
        boolean withRoles = caller.admin() || caller.roleIn(name) != null;
        return accounts.members(name).stream().map(m -> AccountJson.member(m, withRoles)).toList();
    }

    @PostMapping("/api/organizations/{name}/members")
    Map<String, Object> putMember(Caller caller, @PathVariable String name, @RequestBody MemberRequest request) {
        return AccountJson.member(accounts.putMember(caller, name, request.user(), request.role()), true);
    }

    @DeleteMapping("/api/organizations/{name}/members/{user}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(Caller caller, @PathVariable String name, @PathVariable String user) {
        accounts.removeMember(caller, name, user);
    }

    @GetMapping("/api/users/{name}/overview")
    Map<String, Object> user(Caller caller, @PathVariable String name) {
        UserAccount user = accounts.findUser(name)
                .orElseThrow(() -> HubException.notFound("User " + name + " not found"));
        return AccountJson.userOverview(user, accounts.organizationsOf(user.id()), counts(user.name(), caller));
    }

    private NamespaceRepoCounter.RepoCounts counts(String name, Caller viewer) {
        NamespaceRepoCounter c = counter.getIfAvailable();
        if (c == null) {
            return NamespaceRepoCounter.RepoCounts.NONE;
        }
        return auth.findNamespace(name).map(ns -> c.count(ns, viewer)).orElse(NamespaceRepoCounter.RepoCounts.NONE);
    }
}
