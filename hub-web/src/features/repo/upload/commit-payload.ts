/**
 * The NDJSON body of `POST /api/{type}s/{id}/commit/{rev}` (hub-api-contract.md §7.7): a header
 * line, then one line per operation, each line followed by `\n` as huggingface_hub writes it.
 */

export interface CommitHeader {
  summary: string;
  description?: string;
  /** The commit the change was made against; the server answers 412 when the branch moved on. */
  parentCommit?: string;
}

export type CommitOperation =
  | { kind: 'file'; path: string; contentBase64: string }
  | { kind: 'lfsFile'; path: string; oid: string; size: number }
  | { kind: 'deletedFile'; path: string }
  | { kind: 'deletedFolder'; path: string };

export function buildCommitPayload(header: CommitHeader, operations: CommitOperation[]): string {
  const value: Record<string, string> = { summary: header.summary, description: header.description ?? '' };
  if (header.parentCommit) {
    value.parentCommit = header.parentCommit;
  }
  const lines: unknown[] = [{ key: 'header', value }];
  for (const operation of operations) {
    switch (operation.kind) {
      case 'file':
        lines.push({ key: 'file', value: { path: operation.path, content: operation.contentBase64, encoding: 'base64' } });
        break;
      case 'lfsFile':
        lines.push({ key: 'lfsFile', value: { path: operation.path, algo: 'sha256', oid: operation.oid, size: operation.size } });
        break;
      case 'deletedFile':
        lines.push({ key: 'deletedFile', value: { path: operation.path } });
        break;
      case 'deletedFolder':
        lines.push({ key: 'deletedFolder', value: { path: operation.path.endsWith('/') ? operation.path : `${operation.path}/` } });
        break;
    }
  }
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

/** Base64 of bytes, built in slices so that a few megabytes do not overflow the call stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let start = 0; start < bytes.length; start += slice) {
    binary += String.fromCharCode(...bytes.subarray(start, start + slice));
  }
  return btoa(binary);
}

/** Base64 of a text as UTF-8 (what an edited README is committed as). */
export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}
