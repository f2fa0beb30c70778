/**
 * The object store: where large file bytes live, addressed by plain string keys such as
 * {@code lfs/ab/cd/<sha256>}.
 *
 * <p>{@link org.selfhub.hub.storage.ObjectStore} is the port the other modules use; the hub runs
 * exactly one, chosen by {@code hub.storage.type}: a directory under {@code ${hub.data-dir}/objects}
 * ({@code filesystem}, the default) or an S3 bucket reached through the MinIO client ({@code s3}).
 * Adapters, their configuration and the MinIO types stay inside this package.
 *
 * <p>Writes are verified while they stream: an object appears under its key only once its size and
 * sha256 matched what the caller declared, so an interrupted or corrupt upload leaves nothing visible
 * (architecture.md, "Storage model"; style.md rule 6).
 */
package org.selfhub.hub.storage;
