import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, stubRoutes } from '../../../lib/test-utils.tsx';
import type { PutBytes } from './lfs-upload.ts';
import { runUpload, type UploadProgress } from './run-upload.ts';

afterEach(() => vi.unstubAllGlobals());

const SHA_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('runUpload', () => {
  it('sends regular files inline and LFS files through the batch API, in one commit', async () => {
    let commitBody = '';
    let batchBody: unknown = null;
    const fetchMock = stubRoutes({
      'POST /api/models/acme/bert/preupload/main': {
        files: [
          { path: 'README.md', uploadMode: 'regular', shouldIgnore: false },
          { path: 'w/model.bin', uploadMode: 'lfs', shouldIgnore: false },
        ],
      },
      'POST /acme/bert.git/info/lfs/objects/batch': (_url: string, init: RequestInit) => {
        batchBody = JSON.parse(init.body as string);
        return jsonResponse({
          transfer: 'basic',
          objects: [{ oid: SHA_ABC, size: 3, actions: { upload: { href: 'https://store.example/up/abc' } } }],
        });
      },
      'POST /api/models/acme/bert/commit/main': (_url: string, init: RequestInit) => {
        commitBody = init.body as string;
        return jsonResponse({ commitOid: 'c'.repeat(40), commitUrl: 'http://hub/acme/bert/commit/ccc' });
      },
    });
    const puts: string[] = [];
    const put: PutBytes = async (url, body, onProgress) => {
      puts.push(`${url} ${await body.text()}`);
      onProgress(body.size);
      return null;
    };
    const progress: UploadProgress[] = [];

    const result = await runUpload(
      { type: 'model', id: 'acme/bert' },
      'main',
      [
        { path: 'README.md', file: new Blob(['# Hi\n']) },
        { path: 'w/model.bin', file: new Blob(['abc']) },
      ],
      { summary: 'Upload 2 files' },
      (p) => progress.push(p),
      put,
    );

    expect(batchBody).toMatchObject({ operation: 'upload', objects: [{ oid: SHA_ABC, size: 3 }] });
    expect(puts).toEqual(['https://store.example/up/abc abc']);
    expect(commitBody).toBe(
      '{"key":"header","value":{"summary":"Upload 2 files","description":""}}\n' +
        '{"key":"file","value":{"path":"README.md","content":"IyBIaQo=","encoding":"base64"}}\n' +
        `{"key":"lfsFile","value":{"path":"w/model.bin","algo":"sha256","oid":"${SHA_ABC}","size":3}}\n`,
    );
    expect(new Headers(fetchMock.mock.calls[2][1]?.headers).get('Content-Type')).toBe('application/x-ndjson');
    expect(result.commitOid).toBe('c'.repeat(40));
    expect(progress.map((p) => p.phase)).toEqual(['checking', 'hashing', 'uploading', 'committing', 'done']);
    expect(progress[progress.length - 1]).toEqual({ phase: 'done', done: 11, total: 11 });
  });

  it('makes no LFS call when every file is regular', async () => {
    const fetchMock = stubRoutes({
      'POST /api/datasets/acme/d/preupload/main': { files: [{ path: 'a.csv', uploadMode: 'regular', shouldIgnore: false }] },
      'POST /api/datasets/acme/d/commit/main': { commitOid: 'd'.repeat(40), commitUrl: 'http://hub/datasets/acme/d/commit/d' },
    });

    await runUpload({ type: 'dataset', id: 'acme/d' }, 'main', [{ path: 'a.csv', file: new Blob(['x,y\n']) }], { summary: 's' }, () => undefined);

    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/datasets/acme/d/preupload/main', '/api/datasets/acme/d/commit/main']);
  });
});
