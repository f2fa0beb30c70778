import { apiFetch, csrfToken } from '../../../lib/api-client.ts';
import { routePrefix, type RepoRef } from '../../../lib/repo-ref.ts';

/**
 * Git LFS uploads from the browser (hub-api-contract.md §7.6): one batch call, then a basic PUT
 * of the bytes to the returned href, or the HF multipart adapter (part PUTs, then a completion
 * POST) when the upload action's header carries `chunk_size`.
 */

const LFS_JSON = 'application/vnd.git-lfs+json';

export interface LfsAction {
  href: string;
  header?: Record<string, string>;
}

export interface LfsBatchObject {
  oid: string;
  size: number;
  actions?: { upload?: LfsAction; verify?: LfsAction };
  error?: { code: number; message: string };
}

export interface LfsBatchResponse {
  transfer?: string;
  objects: LfsBatchObject[];
}

export function batchUrl(repo: RepoRef): string {
  return `/${routePrefix(repo.type)}${repo.id}.git/info/lfs/objects/batch`;
}

/** Asks where to upload the objects; the session cookie (and CSRF header) authorize the call. */
export async function lfsBatch(repo: RepoRef, revision: string, objects: { oid: string; size: number }[]): Promise<LfsBatchResponse> {
  const response = await apiFetch<LfsBatchResponse>(batchUrl(repo), {
    method: 'POST',
    headers: { Accept: LFS_JSON, 'Content-Type': LFS_JSON },
    body: JSON.stringify({
      operation: 'upload',
      transfers: ['basic', 'multipart'],
      objects,
      hash_algo: 'sha256',
      ref: { name: revision },
    }),
  });
  const failed = response.objects.filter((object) => object.error);
  if (failed.length > 0) {
    throw new Error(failed.map((object) => `${object.oid}: ${object.error!.message} (${object.error!.code})`).join('; '));
  }
  return response;
}

/**
 * The part URLs of a multipart upload, in order, or null for a basic upload. Parts are the
 * numeric keys of the header ("1", "00002", …); there must be exactly ceil(size / chunk_size).
 */
export function multipartParts(action: LfsAction, size: number): { chunkSize: number; urls: string[] } | null {
  const header = action.header ?? {};
  if (header.chunk_size === undefined) {
    return null;
  }
  const chunkSize = Number(header.chunk_size);
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
    throw new Error(`Invalid chunk_size ${header.chunk_size}`);
  }
  const parts = Object.keys(header)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b));
  const expected = Math.ceil(size / chunkSize);
  if (parts.length !== expected) {
    throw new Error(`The server sent ${parts.length} part URLs for ${expected} parts`);
  }
  return { chunkSize, urls: parts.map((key) => header[key]) };
}

/** Sends bytes; returns the response's ETag. Reports progress as bytes of this body sent. */
export type PutBytes = (url: string, body: Blob, onProgress: (loaded: number) => void) => Promise<string | null>;

function sameOrigin(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

/** Headers for a call to an LFS href: the presigned URL authorizes it; on our own origin the CSRF token rides along. */
function hrefHeaders(url: string, extra: Record<string, string> = {}): Record<string, string> {
  const token = sameOrigin(url) ? csrfToken() : null;
  return token ? { ...extra, 'X-XSRF-TOKEN': token } : extra;
}

/** PUT with XMLHttpRequest, the one browser API that reports upload progress. */
export const xhrPut: PutBytes = (url, body, onProgress) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(hrefHeaders(url))) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(body.size);
        resolve(xhr.getResponseHeader('ETag'));
      } else {
        reject(new Error(`Upload failed: HTTP ${xhr.status}`));
      }
    };
    xhr.onerror = () => reject(new Error('Upload failed: network error'));
    xhr.send(body);
  });

async function postLfsJson(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: hrefHeaders(url, { Accept: LFS_JSON, 'Content-Type': LFS_JSON }),
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`LFS call to ${new URL(url, window.location.href).pathname} failed: HTTP ${response.status}`);
  }
}

/**
 * Uploads one object as the batch answer says: nothing when there is no upload action (the
 * server has it), a basic PUT, or multipart parts and completion; then verify when asked.
 * `onProgress` gets the bytes of this object sent so far.
 */
export async function uploadLfsObject(
  object: LfsBatchObject,
  blob: Blob,
  onProgress: (sent: number) => void,
  put: PutBytes = xhrPut,
): Promise<void> {
  const upload = object.actions?.upload;
  if (!upload) {
    onProgress(blob.size);
    return;
  }
  const multipart = multipartParts(upload, object.size);
  if (multipart) {
    const parts: { partNumber: number; etag: string }[] = [];
    for (let index = 0; index < multipart.urls.length; index += 1) {
      const start = index * multipart.chunkSize;
      const etag = await put(multipart.urls[index], blob.slice(start, start + multipart.chunkSize), (loaded) =>
        onProgress(start + loaded),
      );
      if (!etag) {
        throw new Error(`Part ${index + 1} answered without an ETag`);
      }
      parts.push({ partNumber: index + 1, etag });
    }
    await postLfsJson(upload.href, { oid: object.oid, parts });
  } else {
    await put(upload.href, blob, onProgress);
  }
  const verify = object.actions?.verify;
  if (verify) {
    await postLfsJson(verify.href, { oid: object.oid, size: object.size });
  }
}
