import { apiFetch, apiPage, type Page } from '../../lib/api-client.ts';
import { apiBase, encodePath, encodeRevision, type RepoRef } from '../../lib/repo-ref.ts';

/** Repository info (§3.2); only the fields the pages read. */
export interface RepoInfo {
  id: string;
  author?: string;
  sha?: string;
  private?: boolean;
  gated?: false | 'auto' | 'manual';
  disabled?: boolean;
  downloads?: number;
  likes?: number;
  tags?: string[];
  pipeline_tag?: string;
  library_name?: string;
  lastModified?: string;
  cardData?: Record<string, unknown>;
  safetensors?: { parameters: Record<string, number>; total: number };
  siblings?: { rfilename: string }[];
  /** Not in the HF API: whether the signed-in user likes the repository (assumed, optional). */
  isLikedByUser?: boolean;
}

export interface LastCommit {
  id: string;
  title: string;
  date: string;
}

/** A tree or paths-info entry (§5.1). */
export interface TreeEntry {
  type: 'file' | 'directory';
  path: string;
  oid: string;
  size: number;
  lfs?: { oid: string; size: number; pointerSize: number };
  lastCommit?: LastCommit;
}

export interface GitRef {
  name: string;
  ref: string;
  targetCommit: string;
}

export interface Refs {
  branches: GitRef[];
  tags: GitRef[];
  converts: GitRef[];
}

/** A commit in the history (§6.2). */
export interface CommitEntry {
  id: string;
  title: string;
  message: string;
  date: string;
  authors: { user: string; avatar?: string }[];
}

export function repoInfo(repo: RepoRef, revision?: string): Promise<RepoInfo> {
  const path = revision ? `${apiBase(repo)}/revision/${encodeRevision(revision)}` : apiBase(repo);
  return apiFetch<RepoInfo>(path);
}

export function repoRefs(repo: RepoRef): Promise<Refs> {
  return apiFetch<Refs>(`${apiBase(repo)}/refs`);
}

/** The first page of a folder's entries, with their last commits (`expand=true`). */
export function treeUrl(repo: RepoRef, revision: string, path: string, recursive = false): string {
  const folder = path ? `/${encodePath(path)}` : '';
  return `${apiBase(repo)}/tree/${encodeRevision(revision)}${folder}?recursive=${recursive}&expand=${!recursive}`;
}

export function treePage(url: string): Promise<Page<TreeEntry>> {
  return apiPage<TreeEntry>(url);
}

/** Every entry of a listing, following the `Link` cursor to the end. */
export async function allPages<T>(url: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | null = url;
  while (next) {
    const page: Page<T> = await apiPage<T>(next);
    items.push(...page.items);
    next = page.next;
  }
  return items;
}

/** The entry for one path, or null when it does not exist at the revision (§5.2). */
export async function pathInfo(repo: RepoRef, revision: string, path: string): Promise<TreeEntry | null> {
  const entries = await apiFetch<TreeEntry[]>(`${apiBase(repo)}/paths-info/${encodeRevision(revision)}`, {
    method: 'POST',
    json: { paths: [path], expand: true },
  });
  return entries?.find((entry) => entry.path === path) ?? null;
}

export function commitsUrl(repo: RepoRef, revision: string, limit = 30): string {
  return `${apiBase(repo)}/commits/${encodeRevision(revision)}?limit=${limit}`;
}

/** The answer to a commit (§7.7). */
export interface CommitResult {
  commitOid: string;
  commitUrl: string;
}

/** Posts an NDJSON commit body to `/commit/{rev}`. */
export function postCommit(repo: RepoRef, revision: string, ndjson: string): Promise<CommitResult> {
  return apiFetch<CommitResult>(`${apiBase(repo)}/commit/${encodeRevision(revision)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-ndjson' },
    body: ndjson,
  });
}

export function setLiked(repo: RepoRef, liked: boolean): Promise<void> {
  return apiFetch<void>(`${apiBase(repo)}/like`, { method: liked ? 'POST' : 'DELETE' });
}

export function updateSettings(repo: RepoRef, settings: { private?: boolean; gated?: false | 'auto' | 'manual' }) {
  return apiFetch<unknown>(`${apiBase(repo)}/settings`, { method: 'PUT', json: settings });
}

export function moveRepo(repo: RepoRef, toRepo: string) {
  return apiFetch<unknown>('/api/repos/move', { method: 'POST', json: { fromRepo: repo.id, toRepo, type: repo.type } });
}

export function deleteRepo(repo: RepoRef) {
  const [organization, name] = repo.id.split('/');
  return apiFetch<unknown>('/api/repos/delete', { method: 'DELETE', json: { name, organization, type: repo.type } });
}
