import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../../../lib/test-utils.tsx';
import { batchUrl, lfsBatch, multipartParts, uploadLfsObject, type PutBytes } from './lfs-upload.ts';

afterEach(() => vi.unstubAllGlobals());

function recordingPut(etags: string[] = []) {
  const calls: { url: string; body: string }[] = [];
  const put: PutBytes = async (url, body, onProgress) => {
    calls.push({ url, body: await body.text() });
    onProgress(body.size);
    return etags[calls.length - 1] ?? '"etag"';
  };
  return { put, calls };
}

describe('lfsBatch', () => {
  it('asks for an upload with basic and multipart transfers on the branch', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(
      jsonResponse({ transfer: 'basic', objects: [{ oid: 'o1', size: 3 }] }, { headers: { 'Content-Type': 'application/vnd.git-lfs+json' } }),
    );
    vi.stubGlobal('fetch', fetchMock);

    await lfsBatch({ type: 'dataset', id: 'acme/d' }, 'main', [{ oid: 'o1', size: 3 }]);

    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/datasets/acme/d.git/info/lfs/objects/batch');
    const headers = new Headers(init?.headers);
    expect(headers.get('Accept')).toBe('application/vnd.git-lfs+json');
    expect(headers.get('Content-Type')).toBe('application/vnd.git-lfs+json');
    expect(JSON.parse(init?.body as string)).toEqual({
      operation: 'upload',
      transfers: ['basic', 'multipart'],
      objects: [{ oid: 'o1', size: 3 }],
      hash_algo: 'sha256',
      ref: { name: 'main' },
    });
  });

  it('fails with the messages of objects the server refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>().mockResolvedValue(jsonResponse({ objects: [{ oid: 'o1', size: 3, error: { code: 422, message: 'too big' } }] })),
    );

    await expect(lfsBatch({ type: 'model', id: 'a/b' }, 'main', [{ oid: 'o1', size: 3 }])).rejects.toThrow('o1: too big (422)');
  });

  it('builds the model batch URL without a prefix', () => {
    expect(batchUrl({ type: 'model', id: 'a/b' })).toBe('/a/b.git/info/lfs/objects/batch');
  });
});

describe('multipartParts', () => {
  it('is null for a basic upload', () => {
    expect(multipartParts({ href: 'https://s/x', header: { Authorization: 'x' } }, 10)).toBeNull();
  });

  it('orders numeric part keys, zero-padded or not', () => {
    expect(
      multipartParts({ href: 'https://s/done', header: { chunk_size: '4', '00002': 'https://s/p2', '1': 'https://s/p1', '3': 'https://s/p3' } }, 10),
    ).toEqual({ chunkSize: 4, urls: ['https://s/p1', 'https://s/p2', 'https://s/p3'] });
  });

  it('refuses a part count that does not match the size', () => {
    expect(() => multipartParts({ href: 'h', header: { chunk_size: '4', '1': 'a', '2': 'b' } }, 10)).toThrow(
      'The server sent 2 part URLs for 3 parts',
    );
  });
});

describe('uploadLfsObject', () => {
  it('skips an object the server already has', async () => {
    const { put, calls } = recordingPut();
    const progress: number[] = [];

    await uploadLfsObject({ oid: 'o', size: 3 }, new Blob(['abc']), (sent) => progress.push(sent), put);

    expect(calls).toEqual([]);
    expect(progress).toEqual([3]);
  });

  it('PUTs the bytes to the href, then verifies', async () => {
    const { put, calls } = recordingPut();
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);

    await uploadLfsObject(
      { oid: 'o', size: 3, actions: { upload: { href: 'https://store/o?sig=1' }, verify: { href: 'https://hub/verify' } } },
      new Blob(['abc']),
      () => undefined,
      put,
    );

    expect(calls).toEqual([{ url: 'https://store/o?sig=1', body: 'abc' }]);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('https://hub/verify');
    expect(JSON.parse(init?.body as string)).toEqual({ oid: 'o', size: 3 });
  });

  it('uploads parts of chunk_size and completes with their ETags', async () => {
    const { put, calls } = recordingPut(['"e1"', '"e2"', '"e3"']);
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    const progress: number[] = [];

    await uploadLfsObject(
      {
        oid: 'o',
        size: 10,
        actions: { upload: { href: 'https://store/complete', header: { chunk_size: '4', '1': 'https://store/p1', '2': 'https://store/p2', '3': 'https://store/p3' } } },
      },
      new Blob(['0123456789']),
      (sent) => progress.push(sent),
      put,
    );

    expect(calls).toEqual([
      { url: 'https://store/p1', body: '0123' },
      { url: 'https://store/p2', body: '4567' },
      { url: 'https://store/p3', body: '89' },
    ]);
    expect(progress).toEqual([4, 8, 10]);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('https://store/complete');
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/vnd.git-lfs+json');
    expect(JSON.parse(init?.body as string)).toEqual({
      oid: 'o',
      parts: [
        { partNumber: 1, etag: '"e1"' },
        { partNumber: 2, etag: '"e2"' },
        { partNumber: 3, etag: '"e3"' },
      ],
    });
  });
});
