/**
 * A line diff of two texts, for the commit page (the HF API has no diff route). The common
 * head and tail are trimmed, then the middle is compared with a longest-common-subsequence table;
 * a middle too large for that is shown as all removed and all added.
 */

export interface DiffLine {
  type: 'same' | 'added' | 'removed';
  text: string;
  /** Line number in the old text (1-based), absent for added lines. */
  oldLine?: number;
  /** Line number in the new text (1-based), absent for removed lines. */
  newLine?: number;
}

/** Above this many cells (old lines × new lines) the middle is not aligned line by line. */
export const MAX_DIFF_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

export function lineDiff(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    head += 1;
  }
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail += 1;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i += 1) {
    out.push({ type: 'same', text: a[i], oldLine: i + 1, newLine: i + 1 });
  }
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  for (const line of alignMiddle(midA, midB)) {
    out.push({
      ...line,
      oldLine: line.oldLine === undefined ? undefined : line.oldLine + head,
      newLine: line.newLine === undefined ? undefined : line.newLine + head,
    });
  }
  for (let i = tail; i > 0; i -= 1) {
    out.push({ type: 'same', text: a[a.length - i], oldLine: a.length - i + 1, newLine: b.length - i + 1 });
  }
  return out;
}

function alignMiddle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_DIFF_CELLS) {
    return [
      ...a.map((text, i): DiffLine => ({ type: 'removed', text, oldLine: i + 1 })),
      ...b.map((text, j): DiffLine => ({ type: 'added', text, newLine: j + 1 })),
    ];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ type: 'same', text: a[i], oldLine: i + 1, newLine: j + 1 });
      i += 1;
      j += 1;
    } else if (i < n && (j === m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      // Removals before additions on a tie, as git shows them.
      out.push({ type: 'removed', text: a[i], oldLine: i + 1 });
      i += 1;
    } else {
      out.push({ type: 'added', text: b[j], newLine: j + 1 });
      j += 1;
    }
  }
  return out;
}

export interface FileChange {
  path: string;
  change: 'added' | 'removed' | 'modified';
}

/** Which files differ between two recursive tree listings, compared by blob id. */
export function changedFiles(
  before: { path: string; type: string; oid: string }[],
  after: { path: string; type: string; oid: string }[],
): FileChange[] {
  const old = new Map(before.filter((entry) => entry.type === 'file').map((entry) => [entry.path, entry.oid]));
  const changes: FileChange[] = [];
  for (const entry of after) {
    if (entry.type !== 'file') {
      continue;
    }
    const previous = old.get(entry.path);
    if (previous === undefined) {
      changes.push({ path: entry.path, change: 'added' });
    } else if (previous !== entry.oid) {
      changes.push({ path: entry.path, change: 'modified' });
    }
    old.delete(entry.path);
  }
  for (const path of old.keys()) {
    changes.push({ path, change: 'removed' });
  }
  return changes.sort((x, y) => x.path.localeCompare(y.path));
}
