/**
 * Types every module may use: ids, the error vocabulary ({@link org.selfhub.hub.shared.HubErrorCode},
 * {@link org.selfhub.hub.shared.HubException}) and small value records. Depends on nothing else in
 * the hub.
 */
package org.selfhub.hub.shared;
