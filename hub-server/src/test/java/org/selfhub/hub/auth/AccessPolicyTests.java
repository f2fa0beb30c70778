package org.selfhub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.selfhub.hub.shared.HubErrorCode;
import org.selfhub.hub.shared.HubException;
import org.selfhub.hub.shared.RepoRef;
import org.selfhub.hub.shared.RepoType;
import org.springframework.http.HttpStatus;

class AccessPolicyTests {

    private final AccessPolicy policy = new AccessPolicy();

    private static final Caller ALICE_WRITE = new Caller(1L, "alice", false, "write", Map.of("acme", "read",
            "builders", "write", "bosses", "admin"), 11L);
    private static final Caller ALICE_READ = new Caller(1L, "alice", false, "read", ALICE_WRITE.orgRoles(), 12L);
    private static final Caller ALICE_SESSION = new Caller(1L, "alice", false, null, ALICE_WRITE.orgRoles());
    private static final Caller ADMIN_WRITE = new Caller(2L, "root", true, "write", Map.of(), 21L);
    private static final Caller ADMIN_READ = new Caller(2L, "root", true, "read", Map.of(), 22L);
    private static final Caller ANONYMOUS = Caller.ANONYMOUS;

    private static RepoRef repo(String namespace) {
        return new RepoRef(RepoType.MODEL, namespace, "m");
    }

    @Test
    void everyoneReadsPublicRepositories() {
        for (Caller c : new Caller[] {ANONYMOUS, ALICE_READ, ALICE_WRITE, ALICE_SESSION, ADMIN_READ}) {
            assertThat(policy.canRead(c, "bob", false)).as(String.valueOf(c)).isTrue();
        }
    }

    @Test
    void privateRepositoriesAreReadByOwnerMembersAndAdminsOnly() {
        assertThat(policy.canRead(ANONYMOUS, "alice", true)).isFalse();
        assertThat(policy.canRead(ALICE_READ, "alice", true)).isTrue();
        assertThat(policy.canRead(ALICE_READ, "ALICE", true)).isTrue();
        assertThat(policy.canRead(ALICE_READ, "acme", true)).isTrue();
        assertThat(policy.canRead(ALICE_READ, "Acme", true)).isTrue();
        assertThat(policy.canRead(ALICE_READ, "bosses", true)).isTrue();
        assertThat(policy.canRead(ALICE_READ, "bob", true)).isFalse();
        assertThat(policy.canRead(ALICE_READ, "other-org", true)).isFalse();
        assertThat(policy.canRead(ADMIN_READ, "bob", true)).isTrue();
        assertThat(policy.canRead(ALICE_READ, null, true)).isFalse();
    }

    @Test
    void writeRoleComesFromOwnNamespaceOrgWriteOrAdminRoleOrHubAdmin() {
        assertThat(policy.hasWriteRole(ANONYMOUS, "alice")).isFalse();
        assertThat(policy.hasWriteRole(ALICE_READ, "alice")).isTrue();
        assertThat(policy.hasWriteRole(ALICE_READ, "acme")).isFalse();
        assertThat(policy.hasWriteRole(ALICE_READ, "builders")).isTrue();
        assertThat(policy.hasWriteRole(ALICE_READ, "BOSSES")).isTrue();
        assertThat(policy.hasWriteRole(ALICE_READ, "bob")).isFalse();
        assertThat(policy.hasWriteRole(ADMIN_READ, "bob")).isTrue();
    }

    @Test
    void readTokensNeverWrite() {
        assertThat(policy.canWrite(ALICE_READ, "alice")).isFalse();
        assertThat(policy.canWrite(ADMIN_READ, "bob")).isFalse();
        assertThat(policy.canWrite(ALICE_WRITE, "alice")).isTrue();
        assertThat(policy.canWrite(ALICE_SESSION, "alice")).isTrue();
        assertThat(policy.canWrite(ALICE_WRITE, "builders")).isTrue();
        assertThat(policy.canWrite(ALICE_WRITE, "acme")).isFalse();
        assertThat(policy.canWrite(ADMIN_WRITE, "bob")).isTrue();
        assertThat(policy.canWrite(ANONYMOUS, "bob")).isFalse();
    }

    @Test
    void hiddenRepositoryAnswersLikeAMissingOne() {
        assertThatThrownBy(() -> policy.requireRead(ALICE_WRITE, repo("bob"), true))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(HubErrorCode.REPO_NOT_FOUND);
                    assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Repository Not Found for url: bob/m. Please make sure you"
                            + " specified the correct `repo_id` and `repo_type`. If you are trying to access a private"
                            + " or gated repo, make sure you are authenticated.");
                });
        assertThatThrownBy(() -> policy.requireRead(ANONYMOUS, repo("bob"), true))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(HubErrorCode.REPO_NOT_FOUND);
                    assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
                });
        assertThatCode(() -> policy.requireRead(ANONYMOUS, repo("bob"), false)).doesNotThrowAnyException();
    }

    @Test
    void datasetNotFoundMessageCarriesTheTypePrefix() {
        HubException e = AccessPolicy.repoNotFound(ALICE_WRITE, new RepoRef(RepoType.DATASET, "bob", "d"));
        assertThat(e.getMessage()).startsWith("Repository Not Found for url: datasets/bob/d.");
    }

    @Test
    void requireWriteAnswers401ForAnonymous403ForNoRoleOrReadTokenAndNotFoundWhenHidden() {
        assertThatThrownBy(() -> policy.requireWrite(ANONYMOUS, repo("bob"), false))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.code()).isEqualTo(HubErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).isEqualTo("You must be authenticated to write to bob/m");
                });
        assertThatThrownBy(() -> policy.requireWrite(ALICE_WRITE, repo("acme"), false))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("You don't have the rights to write to acme/m");
                });
        assertThatThrownBy(() -> policy.requireWrite(ALICE_READ, repo("alice"), true))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("Your token has the read role and cannot write to alice/m;"
                            + " use a token with the write role");
                });
        assertThatThrownBy(() -> policy.requireWrite(ALICE_WRITE, repo("bob"), true))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code())
                        .isEqualTo(HubErrorCode.REPO_NOT_FOUND));
        assertThatCode(() -> policy.requireWrite(ALICE_WRITE, repo("builders"), true)).doesNotThrowAnyException();
        assertThatCode(() -> policy.requireWrite(ALICE_SESSION, repo("alice"), true)).doesNotThrowAnyException();
        assertThatCode(() -> policy.requireWrite(ADMIN_WRITE, repo("bob"), true)).doesNotThrowAnyException();
    }

    @Test
    void hubAdminRoutesNeedAnAdminAndAWriteTokenToChangeThings() {
        assertThatThrownBy(() -> policy.requireHubAdmin(ANONYMOUS, false))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
                    assertThat(e.getMessage()).isEqualTo(AccessPolicy.AUTHENTICATION_REQUIRED);
                });
        assertThatThrownBy(() -> policy.requireHubAdmin(ALICE_WRITE, false))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("This route is reserved to hub administrators");
                });
        assertThatCode(() -> policy.requireHubAdmin(ADMIN_READ, false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.requireHubAdmin(ADMIN_READ, true))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status())
                        .isEqualTo(HttpStatus.FORBIDDEN));
        assertThatCode(() -> policy.requireHubAdmin(ADMIN_WRITE, true)).doesNotThrowAnyException();
    }

    @Test
    void callerKnowsHowItAuthenticated() {
        assertThat(ALICE_SESSION.isSession()).isTrue();
        assertThat(ALICE_WRITE.isSession()).isFalse();
        assertThat(ANONYMOUS.isSession()).isFalse();
        assertThat(ANONYMOUS.isAnonymous()).isTrue();
        assertThat(ALICE_READ.isReadOnlyToken()).isTrue();
        assertThat(ALICE_WRITE.roleIn("ACME")).isEqualTo("read");
        assertThat(ALICE_WRITE.roleIn("nope")).isNull();
    }
}
