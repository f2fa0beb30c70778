/**
 * Repositories: identity (an immutable UUID) and names, visibility, gating, create, delete, move
 * (old names answer 307) and settings. {@link org.selfhub.hub.repo.RepoService} is the facade every
 * other feature uses to find a repository under the access policy; content storage is reached
 * through {@link org.selfhub.hub.repo.spi.RepoStorage}.
 */
package org.selfhub.hub.repo;
