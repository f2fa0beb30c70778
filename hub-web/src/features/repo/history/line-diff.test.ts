import { describe, expect, it } from 'vitest';
import { changedFiles, lineDiff, splitLines } from './line-diff.ts';

const compact = (oldText: string, newText: string) =>
  lineDiff(oldText, newText).map((line) => `${line.type === 'same' ? ' ' : line.type === 'added' ? '+' : '-'}${line.text}`);

describe('lineDiff', () => {
  it('marks a changed line as removed then added, with line numbers', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nB\nc\n')).toEqual([
      { type: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { type: 'removed', text: 'b', oldLine: 2 },
      { type: 'added', text: 'B', newLine: 2 },
      { type: 'same', text: 'c', oldLine: 3, newLine: 3 },
    ]);
  });

  it('aligns insertions and deletions in the middle', () => {
    expect(compact('one\ntwo\nthree\nfour\n', 'zero\none\nthree\nfour\nfive\n')).toEqual([
      '+zero',
      ' one',
      '-two',
      ' three',
      ' four',
      '+five',
    ]);
  });

  it('treats a new file as all added and a deleted one as all removed', () => {
    expect(compact('', 'x\ny')).toEqual(['+x', '+y']);
    expect(compact('x\n', '')).toEqual(['-x']);
  });

  it('finds nothing between equal texts, whatever the line ends', () => {
    expect(lineDiff('a\r\nb\r\n', 'a\nb\n').every((line) => line.type === 'same')).toBe(true);
  });

  it('splits lines without a phantom last line', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('changedFiles', () => {
  it('lists added, removed and modified files by blob id, ignoring folders', () => {
    const before = [
      { path: 'README.md', type: 'file', oid: '1' },
      { path: 'old.txt', type: 'file', oid: '2' },
      { path: 'same.txt', type: 'file', oid: '3' },
      { path: 'dir', type: 'directory', oid: 't1' },
    ];
    const after = [
      { path: 'README.md', type: 'file', oid: '9' },
      { path: 'same.txt', type: 'file', oid: '3' },
      { path: 'dir', type: 'directory', oid: 't2' },
      { path: 'dir/new.bin', type: 'file', oid: '4' },
    ];

    expect(changedFiles(before, after)).toEqual([
      { path: 'dir/new.bin', change: 'added' },
      { path: 'old.txt', change: 'removed' },
      { path: 'README.md', change: 'modified' },
    ]);
  });
});
