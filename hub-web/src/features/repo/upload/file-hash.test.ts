import { describe, expect, it } from 'vitest';
import { sha256Hex } from './file-hash.ts';

describe('sha256Hex', () => {
  it('hashes a small file', async () => {
    expect(await sha256Hex(new Blob(['abc']))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes an empty file', async () => {
    expect(await sha256Hex(new Blob([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('gives the same digest in chunks as in one piece, reporting progress per chunk', async () => {
    const bytes = new Uint8Array(1_000_003).map((_, index) => (index * 31) % 251);
    const expected = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)))
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join('');
    const progress: number[] = [];

    const digest = await sha256Hex(new Blob([bytes]), (hashed) => progress.push(hashed), 300_000);

    expect(digest).toBe(expected);
    expect(progress).toEqual([300_000, 600_000, 900_000, 1_000_003]);
  });
});
