import { apiFetch } from '../../../lib/api-client.ts';
import { apiBase, encodeRevision, type RepoRef } from '../../../lib/repo-ref.ts';
import { bytesToBase64 } from './commit-payload.ts';

/** A file picked in the browser and where it goes in the repository. */
export interface PickedFile {
  path: string;
  file: Blob;
}

/** One answer of `/preupload` (§7.5). */
export interface PreuploadAnswer {
  path: string;
  uploadMode: 'lfs' | 'regular';
  shouldIgnore: boolean;
  oid?: string | null;
}

export interface UploadPlan {
  /** Sent base64-inline as `file` lines. */
  regular: PickedFile[];
  /** Hashed, uploaded through the LFS batch API, then committed as `lfsFile` lines. */
  lfs: PickedFile[];
  /** Matched by `.gitignore`: not uploaded. */
  ignored: PickedFile[];
}

/** Files per preupload call (huggingface_hub sends at most 256). */
export const PREUPLOAD_BATCH = 256;
const SAMPLE_BYTES = 512;

/**
 * Splits the files the way the server says (§7.5): `lfs` files go through LFS, `regular` ones
 * inline, `shouldIgnore` ones nowhere. Empty files are always regular, like huggingface_hub;
 * a path the server did not answer for is treated as regular, like the JS client.
 */
export function planUpload(files: PickedFile[], answers: PreuploadAnswer[]): UploadPlan {
  const byPath = new Map(answers.map((answer) => [answer.path, answer]));
  const plan: UploadPlan = { regular: [], lfs: [], ignored: [] };
  for (const picked of files) {
    const answer = byPath.get(picked.path);
    if (answer?.shouldIgnore) {
      plan.ignored.push(picked);
    } else if (answer?.uploadMode === 'lfs' && picked.file.size > 0) {
      plan.lfs.push(picked);
    } else {
      plan.regular.push(picked);
    }
  }
  return plan;
}

/** The preupload request entry for a file: its size and the base64 of its first 512 bytes. */
export async function preuploadEntry(picked: PickedFile): Promise<{ path: string; size: number; sample: string }> {
  const sample = new Uint8Array(await picked.file.slice(0, SAMPLE_BYTES).arrayBuffer());
  return { path: picked.path, size: picked.file.size, sample: bytesToBase64(sample) };
}

/** Asks the server how each file must be uploaded, in batches. */
export async function preupload(repo: RepoRef, revision: string, files: PickedFile[]): Promise<PreuploadAnswer[]> {
  const answers: PreuploadAnswer[] = [];
  for (let start = 0; start < files.length; start += PREUPLOAD_BATCH) {
    const batch = files.slice(start, start + PREUPLOAD_BATCH);
    const body: { files: Awaited<ReturnType<typeof preuploadEntry>>[]; gitIgnore?: string } = {
      files: await Promise.all(batch.map(preuploadEntry)),
    };
    const gitIgnore = files.find((picked) => picked.path === '.gitignore');
    if (gitIgnore) {
      body.gitIgnore = await gitIgnore.file.text();
    }
    const response = await apiFetch<{ files: PreuploadAnswer[] }>(`${apiBase(repo)}/preupload/${encodeRevision(revision)}`, {
      method: 'POST',
      json: body,
    });
    answers.push(...(response?.files ?? []));
  }
  return answers;
}
