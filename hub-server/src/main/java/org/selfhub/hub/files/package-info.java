/**
 * The Hugging Face file surface: repo info, resolve and raw, tree, paths-info, refs, history,
 * branches, tags, preupload, the commit API and validate-yaml (hub-api-contract.md §2, §3, §5–§7).
 * Reads come from the file index; writes go through {@link org.selfhub.hub.git.GitService}.
 */
package org.selfhub.hub.files;
