/** What the repositories feature needs from the features that store repository content. */
package org.selfhub.hub.repo.spi;
