/**
 * The Hugging Face file surface: repo info, resolve and raw, tree, paths-info, refs, history,
 * branches, tags, preupload, the commit API and validate-yaml (hub-api-contract.md §2, §3, §5–§7).
 * Reads come from the file index; writes go through {@link org.selfhub.hub.git.GitService}.
 * Resolve and raw are answered by {@code FileServingFilter} at the front of the servlet chain (see
 * {@link org.selfhub.hub.system.FilterOrder}); everything else here is a Spring MVC controller.
 */
package org.selfhub.hub.files;
