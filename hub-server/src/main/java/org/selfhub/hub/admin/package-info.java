/**
 * The hub administrators' API under {@code /api/admin/**}: users and their tokens, organizations,
 * the audit log. It only talks to other features through their public facades.
 */
package org.selfhub.hub.admin;
