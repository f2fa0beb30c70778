import type { RepoRef } from '../../../lib/repo-ref.ts';
import { encodePath, encodeRevision, webBase } from '../../../lib/repo-ref.ts';

/**
 * The card without its YAML front matter: the `---` block at the very top holds the metadata
 * (shown in the sidebar from `cardData`), not prose.
 */
export function stripFrontMatter(markdown: string): string {
  const text = markdown.replace(/^\uFEFF/, '');
  const match = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * Where a URL written in a card points. Absolute URLs and in-page anchors stay as they are;
 * a relative image becomes `/{repo}/resolve/{rev}/{path}` so that it loads from the repository
 * itself, and a relative link becomes the file's page `/{repo}/blob/{rev}/{path}`. Paths are
 * resolved against the card's folder (the repository root for `README.md`).
 */
export function rewriteCardUrl(url: string, kind: 'image' | 'link', repo: RepoRef, revision: string, cardDir = ''): string {
  if (url === '' || url.startsWith('#') || ABSOLUTE.test(url)) {
    return url;
  }
  const [pathPart, ...suffixParts] = url.split(/(?=[?#])/);
  const suffix = suffixParts.join('');
  if (pathPart.startsWith('/')) {
    // Root-relative on the Hub's own site (e.g. `/datasets/x/y`): leave it to the server.
    return url;
  }
  const resolved = normalizePath(cardDir ? `${cardDir}/${pathPart}` : pathPart);
  if (resolved === null) {
    return url;
  }
  const view = kind === 'image' ? 'resolve' : 'blob';
  return `${webBase(repo)}/${view}/${encodeRevision(revision)}/${encodePath(decodeSafe(resolved))}${suffix}`;
}

/** `a/./b/../c` → `a/c`; null when `..` climbs out of the repository. */
function normalizePath(path: string): string | null {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (out.length === 0) {
        return null;
      }
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out.join('/');
}

function decodeSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
