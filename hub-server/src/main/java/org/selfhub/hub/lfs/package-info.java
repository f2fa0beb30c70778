/**
 * Git LFS (architecture.md "Storage model", hub-api-contract.md §7.6, git-lfs.md §2): the object
 * index ({@code lfs_object}, {@code lfs_object_link}), the batch API at
 * {@code /[datasets/|spaces/]{ns}/{name}[.git]/info/lfs/objects/batch}, and the hub's own signed
 * transfer URLs under {@code /api/lfs/objects/{oid}} (single and HF multipart uploads, completion,
 * verify, ranged download) used where the object store cannot presign (the filesystem store).
 * Public: the facade {@link org.selfhub.hub.lfs.LfsObjectService} and {@link org.selfhub.hub.lfs.LfsObject}.
 */
package org.selfhub.hub.lfs;
