/**
 * Metadata derived from a commit's files: the model card's YAML front matter, {@code config.json},
 * safetensors and GGUF headers, and the repository tags huggingface.co would show for them
 * (hub-api-contract.md §3.2 and §4).
 *
 * <p>{@link org.selfhub.hub.metadata.MetadataExtractor} is the facade. It reads a commit through the
 * small input port {@link org.selfhub.hub.metadata.RepoFiles} (a listing plus bounded reads), so it
 * depends neither on git nor on the object store, and it only ever runs when a commit lands, never on
 * a read path. Large weight files are only touched through ranged reads of their headers.
 *
 * <p>A malformed card, config or header never fails anything: the result simply lacks that piece and
 * carries a human-readable reason in {@link org.selfhub.hub.metadata.RepoMetadata#problems()}.
 */
package org.selfhub.hub.metadata;
