import { afterEach, describe, expect, it, vi } from 'vitest';
import { planUpload, preupload, type PickedFile } from './upload-planner.ts';
import { jsonResponse } from '../../../lib/test-utils.tsx';

afterEach(() => vi.unstubAllGlobals());

const file = (path: string, content: BlobPart): PickedFile => ({ path, file: new Blob([content]) });

describe('planUpload', () => {
  it('sends files where the preupload answer says, and skips ignored ones', () => {
    const files = [
      file('README.md', '# hi'),
      file('model.safetensors', new Uint8Array([1, 2, 3])),
      file('weights/big.bin', 'x'.repeat(10)),
      file('notes.txt', 'n'),
      file('.venv/x.py', 'print()'),
    ];
    const plan = planUpload(files, [
      { path: 'README.md', uploadMode: 'regular', shouldIgnore: false },
      { path: 'model.safetensors', uploadMode: 'lfs', shouldIgnore: false },
      { path: 'weights/big.bin', uploadMode: 'lfs', shouldIgnore: false },
      { path: 'notes.txt', uploadMode: 'regular', shouldIgnore: false },
      { path: '.venv/x.py', uploadMode: 'regular', shouldIgnore: true },
    ]);

    expect(plan.lfs.map((f) => f.path)).toEqual(['model.safetensors', 'weights/big.bin']);
    expect(plan.regular.map((f) => f.path)).toEqual(['README.md', 'notes.txt']);
    expect(plan.ignored.map((f) => f.path)).toEqual(['.venv/x.py']);
  });

  it('keeps empty files regular whatever the answer, and treats an unanswered path as regular', () => {
    const plan = planUpload([file('empty.bin', ''), file('other.bin', 'abc')], [
      { path: 'empty.bin', uploadMode: 'lfs', shouldIgnore: false },
    ]);

    expect(plan.regular.map((f) => f.path)).toEqual(['empty.bin', 'other.bin']);
    expect(plan.lfs).toEqual([]);
  });
});

describe('preupload', () => {
  it('posts each file with its size and a base64 sample of its first 512 bytes', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(
      jsonResponse({ files: [{ path: 'a.txt', uploadMode: 'regular', shouldIgnore: false, oid: null }] }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const big = new Uint8Array(600).fill(65);

    const answers = await preupload({ type: 'dataset', id: 'acme/d' }, 'refs/pr/1', [file('a.txt', 'hello'), file('b.bin', big)]);

    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/datasets/acme/d/preupload/refs%2Fpr%2F1');
    expect(JSON.parse(init?.body as string)).toEqual({
      files: [
        { path: 'a.txt', size: 5, sample: 'aGVsbG8=' },
        { path: 'b.bin', size: 600, sample: btoa('A'.repeat(512)) },
      ],
    });
    expect(answers).toEqual([{ path: 'a.txt', uploadMode: 'regular', shouldIgnore: false, oid: null }]);
  });
});
