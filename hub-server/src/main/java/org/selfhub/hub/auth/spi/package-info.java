/** Interfaces the auth feature needs other features to implement (it cannot depend on them). */
package org.selfhub.hub.auth.spi;
