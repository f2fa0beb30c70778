package org.selfhub.hub.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.selfhub.hub.auth.spi.NamespaceRepoCounter.RepoCounts;
import org.selfhub.hub.shared.HfDates;

/** The huggingface.co JSON shapes of users and organizations (whoami-v2, overviews, members). */
final class AccountJson {

    private AccountJson() {
    }

    /** A Mongo-style opaque id as the HF clients expect in {@code _id}/{@code id}: 24 hex digits. */
    static String id(long accountId) {
        return String.format("%024x", accountId);
    }

    static String avatar(String avatarUrl) {
        return avatarUrl == null ? "" : avatarUrl;
    }

    /** An organization inside whoami-v2's {@code orgs}, with the user's role. */
    static Map<String, Object> whoamiOrg(OrganizationAccount org, String role) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "org");
        m.put("id", id(org.id()));
        m.put("name", org.name());
        m.put("fullname", org.fullname() == null ? org.name() : org.fullname());
        m.put("email", null);
        m.put("canPay", false);
        m.put("avatarUrl", avatar(org.avatarUrl()));
        m.put("periodEnd", null);
        m.put("roleInOrg", role);
        return m;
    }

    static Map<String, Object> userOverview(UserAccount user, Map<OrganizationAccount, String> orgs, RepoCounts counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", id(user.id()));
        m.put("user", user.name());
        m.put("fullname", user.fullname() == null ? user.name() : user.fullname());
        m.put("avatarUrl", avatar(user.avatarUrl()));
        m.put("type", "user");
        m.put("isPro", false);
        m.put("isFollowing", false);
        m.put("details", null);
        m.put("createdAt", HfDates.format(user.createdAt()));
        m.put("numModels", counts.models());
        m.put("numDatasets", counts.datasets());
        m.put("numSpaces", counts.spaces());
        m.put("numDiscussions", 0);
        m.put("numPapers", 0);
        m.put("numUpvotes", 0);
        m.put("numLikes", 0);
        m.put("numFollowers", 0);
        m.put("numFollowing", 0);
        m.put("orgs", orgs.keySet().stream().map(AccountJson::orgSummary).toList());
        return m;
    }

    static Map<String, Object> orgSummary(OrganizationAccount org) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", id(org.id()));
        m.put("name", org.name());
        m.put("fullname", org.fullname() == null ? org.name() : org.fullname());
        m.put("avatarUrl", avatar(org.avatarUrl()));
        m.put("type", "org");
        return m;
    }

    static Map<String, Object> orgOverview(OrganizationAccount org, RepoCounts counts) {
        Map<String, Object> m = orgSummary(org);
        m.put("isPro", false);
        m.put("isVerified", false);
        m.put("isFollowing", false);
        m.put("details", null);
        m.put("createdAt", HfDates.format(org.createdAt()));
        m.put("numMembers", org.numMembers());
        m.put("numUsers", org.numMembers());
        m.put("numModels", counts.models());
        m.put("numDatasets", counts.datasets());
        m.put("numSpaces", counts.spaces());
        m.put("numFollowers", 0);
        m.put("numPapers", 0);
        return m;
    }

    /** A member as {@code list_organization_members} reads it (a User); the role only for those who may see it. */
    static Map<String, Object> member(OrgMember member, boolean withRole) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", id(member.userId()));
        m.put("user", member.name());
        m.put("fullname", member.fullname() == null ? member.name() : member.fullname());
        m.put("avatarUrl", avatar(member.avatarUrl()));
        m.put("type", "user");
        m.put("isPro", false);
        if (withRole) {
            m.put("role", member.role());
        }
        return m;
    }

    static Map<String, Object> token(TokenInfo token) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", token.id());
        m.put("name", token.name());
        m.put("role", token.role());
        m.put("prefix", token.prefix());
        m.put("createdAt", HfDates.format(token.createdAt()));
        m.put("lastUsedAt", HfDates.format(token.lastUsedAt()));
        return m;
    }

    /** A freshly issued token: the secret first, shown this once. */
    static Map<String, Object> issued(IssuedToken issued) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", issued.token());
        m.putAll(token(issued.info()));
        return m;
    }

    static List<Map<String, Object>> tokens(List<TokenInfo> tokens) {
        return tokens.stream().map(AccountJson::token).toList();
    }
}
