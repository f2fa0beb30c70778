/**
 * Identity and access (architecture.md "Identity and access"): users and organizations in one
 * namespace, memberships, {@code hf_} access tokens, browser sessions, the audit log, and the one
 * {@link org.selfhub.hub.auth.AccessPolicy}. Public: the facades {@link org.selfhub.hub.auth.AuthService}
 * (who is calling, namespaces) and {@link org.selfhub.hub.auth.AccountService} (accounts, tokens,
 * memberships), {@link org.selfhub.hub.auth.AuditLog}, {@link org.selfhub.hub.auth.Caller},
 * {@link org.selfhub.hub.auth.NameRules} and their value records.
 */
package org.selfhub.hub.auth;
