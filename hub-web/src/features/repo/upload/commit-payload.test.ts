import { describe, expect, it } from 'vitest';
import { buildCommitPayload, bytesToBase64, textToBase64 } from './commit-payload.ts';

describe('buildCommitPayload', () => {
  it('writes the header and one line per operation, each ending in a newline', () => {
    const body = buildCommitPayload({ summary: 'Upload 4 files', description: 'from the browser', parentCommit: 'a'.repeat(40) }, [
      { kind: 'file', path: 'README.md', contentBase64: 'IyBIaQo=' },
      { kind: 'lfsFile', path: 'model.safetensors', oid: 'b'.repeat(64), size: 20971520 },
      { kind: 'deletedFile', path: 'old.txt' },
      { kind: 'deletedFolder', path: 'logs' },
    ]);

    expect(body.split('\n')).toEqual([
      `{"key":"header","value":{"summary":"Upload 4 files","description":"from the browser","parentCommit":"${'a'.repeat(40)}"}}`,
      '{"key":"file","value":{"path":"README.md","content":"IyBIaQo=","encoding":"base64"}}',
      `{"key":"lfsFile","value":{"path":"model.safetensors","algo":"sha256","oid":"${'b'.repeat(64)}","size":20971520}}`,
      '{"key":"deletedFile","value":{"path":"old.txt"}}',
      '{"key":"deletedFolder","value":{"path":"logs/"}}',
      '',
    ]);
  });

  it('sends an empty description and no parentCommit when none is given', () => {
    expect(buildCommitPayload({ summary: 'Delete a.txt' }, [{ kind: 'deletedFile', path: 'a.txt' }])).toBe(
      '{"key":"header","value":{"summary":"Delete a.txt","description":""}}\n{"key":"deletedFile","value":{"path":"a.txt"}}\n',
    );
  });
});

describe('base64', () => {
  it('encodes text as UTF-8', () => {
    expect(textToBase64('# Héllo ✓\n')).toBe('IyBIw6lsbG8g4pyTCg==');
  });

  it('encodes more bytes than one slice', () => {
    const bytes = new Uint8Array(100_000).map((_, index) => index % 256);
    expect(atob(bytesToBase64(bytes)).length).toBe(100_000);
    expect(atob(bytesToBase64(bytes)).charCodeAt(99_999)).toBe(99_999 % 256);
  });
});
