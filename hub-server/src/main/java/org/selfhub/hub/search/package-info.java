/**
 * Listings ({@code GET /api/models}, {@code /api/datasets}, {@code /api/spaces}; hub-api-contract.md
 * §4): {@code RepoListingController} parses the query, {@code RepoSearch} finds the page over the
 * covering sort indexes, and {@code ListingCache} keeps finished pages while no repository changes.
 */
package org.selfhub.hub.search;
