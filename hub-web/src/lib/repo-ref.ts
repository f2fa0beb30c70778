/**
 * How a repository is addressed on each route family (hub-api-contract.md §1.2): the API
 * under `/api/{type}s/{id}`, the web and file routes under `/{id}` or `/datasets/{id}`.
 */

export type RepoType = 'model' | 'dataset';

export interface RepoRef {
  type: RepoType;
  /** `namespace/name`, never percent-encoded. */
  id: string;
}

/** `''` for models, `'datasets/'` for datasets: the prefix of web, file and LFS routes. */
export function routePrefix(type: RepoType): string {
  return type === 'dataset' ? 'datasets/' : '';
}

/** `/api/models/ns/name` or `/api/datasets/ns/name`. */
export function apiBase(repo: RepoRef): string {
  return `/api/${repo.type}s/${repo.id}`;
}

/** The repository's web page: `/ns/name` or `/datasets/ns/name`. */
export function webBase(repo: RepoRef): string {
  return `/${routePrefix(repo.type)}${repo.id}`;
}

/** A revision as one URL segment (a branch such as `refs/pr/1` keeps its slashes encoded). */
export function encodeRevision(revision: string): string {
  return encodeURIComponent(revision);
}

/** A path in the repository with each segment encoded and the slashes kept. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/');
}

/** `/ns/name/resolve/{rev}/{path}`: the file's bytes (§2). */
export function resolveUrl(repo: RepoRef, revision: string, path: string): string {
  return `${webBase(repo)}/resolve/${encodeRevision(revision)}/${encodePath(path)}`;
}

/** `/ns/name/raw/{rev}/{path}`: the git blob as stored (an LFS file's pointer). */
export function rawUrl(repo: RepoRef, revision: string, path: string): string {
  return `${webBase(repo)}/raw/${encodeRevision(revision)}/${encodePath(path)}`;
}

/** A page of the repository's web UI, e.g. `webUrl(repo, 'tree', 'main', 'dir')`. */
export function webUrl(repo: RepoRef, view: string, revision?: string, path?: string): string {
  let url = `${webBase(repo)}/${view}`;
  if (revision !== undefined) {
    url += `/${encodeRevision(revision)}`;
  }
  if (path) {
    url += `/${encodePath(path)}`;
  }
  return url;
}

/**
 * Splits the part of a web URL after `tree/`, `blob/`, … into revision and path. The revision is
 * the first segment, except `refs/pr/N` and `refs/convert/x` that people paste unencoded (§1.3).
 */
export function splitRevisionPath(rest: string): { revision: string; path: string } {
  const special = /^(refs\/(?:pr\/\d+|convert\/[^/]+))(?:\/(.*))?$/.exec(rest);
  if (special) {
    return { revision: special[1], path: special[2] ?? '' };
  }
  const slash = rest.indexOf('/');
  if (slash < 0) {
    return { revision: rest || 'main', path: '' };
  }
  return { revision: rest.slice(0, slash) || 'main', path: rest.slice(slash + 1).replace(/\/+$/, '') };
}
