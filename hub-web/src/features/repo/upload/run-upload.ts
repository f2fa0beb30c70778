import type { RepoRef } from '../../../lib/repo-ref.ts';
import { postCommit, type CommitResult } from '../repo-api.ts';
import { buildCommitPayload, bytesToBase64, type CommitOperation } from './commit-payload.ts';
import { sha256Hex } from './file-hash.ts';
import { lfsBatch, uploadLfsObject, xhrPut, type PutBytes } from './lfs-upload.ts';
import { planUpload, preupload, type PickedFile } from './upload-planner.ts';

export interface UploadProgress {
  phase: 'checking' | 'hashing' | 'uploading' | 'committing' | 'done';
  /** Bytes worked through, out of `total`: LFS files count twice (hashing, then sending). */
  done: number;
  total: number;
}

/** Objects per LFS batch call (the JS client's limit). */
const LFS_BATCH = 100;

/**
 * Uploads the files as one commit, the way huggingface_hub does (§10.4): preupload decides per
 * file, LFS files are hashed and sent through the batch API, the rest go inline; then one commit.
 */
export async function runUpload(
  repo: RepoRef,
  revision: string,
  files: PickedFile[],
  header: { summary: string; description?: string },
  onProgress: (progress: UploadProgress) => void,
  put: PutBytes = xhrPut,
): Promise<CommitResult & { ignored: string[] }> {
  onProgress({ phase: 'checking', done: 0, total: 0 });
  const plan = planUpload(files, await preupload(repo, revision, files));
  const lfsBytes = plan.lfs.reduce((sum, picked) => sum + picked.file.size, 0);
  const regularBytes = plan.regular.reduce((sum, picked) => sum + picked.file.size, 0);
  const total = 2 * lfsBytes + regularBytes;
  let done = 0;

  const oids: string[] = [];
  for (const picked of plan.lfs) {
    const before = done;
    oids.push(await sha256Hex(picked.file, (hashed) => onProgress({ phase: 'hashing', done: before + hashed, total })));
    done = before + picked.file.size;
  }

  for (let start = 0; start < plan.lfs.length; start += LFS_BATCH) {
    const batch = plan.lfs.slice(start, start + LFS_BATCH);
    const answer = await lfsBatch(
      repo,
      revision,
      batch.map((picked, index) => ({ oid: oids[start + index], size: picked.file.size })),
    );
    for (let index = 0; index < batch.length; index += 1) {
      const oid = oids[start + index];
      const object = answer.objects.find((candidate) => candidate.oid === oid) ?? { oid, size: batch[index].file.size };
      const before = done;
      await uploadLfsObject(object, batch[index].file, (sent) => onProgress({ phase: 'uploading', done: before + sent, total }), put);
      done = before + batch[index].file.size;
    }
  }

  onProgress({ phase: 'committing', done, total });
  const operations: CommitOperation[] = [];
  for (const picked of plan.regular) {
    operations.push({ kind: 'file', path: picked.path, contentBase64: bytesToBase64(new Uint8Array(await picked.file.arrayBuffer())) });
    done += picked.file.size;
  }
  plan.lfs.forEach((picked, index) => operations.push({ kind: 'lfsFile', path: picked.path, oid: oids[index], size: picked.file.size }));
  const result = await postCommit(repo, revision, buildCommitPayload(header, operations));
  onProgress({ phase: 'done', done: total, total });
  return { ...result, ignored: plan.ignored.map((picked) => picked.path) };
}
