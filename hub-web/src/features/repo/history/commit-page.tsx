import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { apiPage, apiText, HubApiError } from '../../../lib/api-client.ts';
import { resolveUrl, webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { formatDate } from '../../../lib/format.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { allPages, commitsUrl, treeUrl, type CommitEntry, type TreeEntry } from '../repo-api.ts';
import { changedFiles, lineDiff, type FileChange } from './line-diff.ts';

/** Text files up to this size get a diff; larger or LFS files are only listed. */
const MAX_DIFF_BYTES = 500_000;

/**
 * `/…/commit/{sha}`: the commit and the files it changed. The HF API has no diff route, so the
 * page lists the commit and its parent (`/commits/{sha}?limit=2`), compares their recursive trees,
 * and diffs each changed text file fetched at both commits.
 */
export function CommitPage({ repo }: { repo: RepoRef }) {
  const sha = useParams().sha ?? '';
  const detail = useQuery({
    queryKey: ['commit', repo.type, repo.id, sha],
    queryFn: async () => {
      const page = await apiPage<CommitEntry>(commitsUrl(repo, sha, 2));
      const [commit, parent] = page.items;
      if (!commit) {
        throw new HubApiError(404, 'RevisionNotFound', 'Commit not found', null);
      }
      const after = await allPages<TreeEntry>(treeUrl(repo, commit.id, '', true));
      const before = parent ? await allPages<TreeEntry>(treeUrl(repo, parent.id, '', true)) : [];
      return { commit, parent: parent ?? null, before, after, changes: changedFiles(before, after) };
    },
  });
  if (detail.isPending) {
    return <p className="muted">Loading…</p>;
  }
  if (detail.isError) {
    return <ErrorMessage error={detail.error} what="commit" />;
  }
  const { commit, parent, before, after, changes } = detail.data;
  const entryAt = (entries: TreeEntry[], path: string) => entries.find((entry) => entry.path === path);
  return (
    <article aria-labelledby="commit-title">
      <h2 id="commit-title">{commit.title}</h2>
      {commit.message.trim() !== commit.title.trim() && <pre className="commit-message">{commit.message}</pre>}
      <p className="muted">
        {commit.authors.map((author) => author.user).join(', ')} committed on {formatDate(commit.date)} · <code>{commit.id}</code>
        {parent && (
          <>
            {' '}
            · parent <Link to={webUrl(repo, 'commit', parent.id)}>{parent.id.slice(0, 7)}</Link>
          </>
        )}
        {' '}· <Link to={webUrl(repo, 'tree', commit.id)}>Browse files</Link>
      </p>
      <h3>
        {changes.length} changed file{changes.length === 1 ? '' : 's'}
      </h3>
      {changes.map((change) => (
        <FileDiff
          key={change.path}
          repo={repo}
          change={change}
          commit={commit.id}
          parent={parent?.id ?? null}
          oldEntry={entryAt(before, change.path)}
          newEntry={entryAt(after, change.path)}
        />
      ))}
    </article>
  );
}

function diffable(entry: TreeEntry | undefined): boolean {
  return !entry || (!entry.lfs && entry.size <= MAX_DIFF_BYTES);
}

function FileDiff({
  repo,
  change,
  commit,
  parent,
  oldEntry,
  newEntry,
}: {
  repo: RepoRef;
  change: FileChange;
  commit: string;
  parent: string | null;
  oldEntry?: TreeEntry;
  newEntry?: TreeEntry;
}) {
  const canDiff = diffable(oldEntry) && diffable(newEntry);
  const diff = useQuery({
    queryKey: ['diff', repo.type, repo.id, commit, change.path],
    enabled: canDiff,
    staleTime: Infinity,
    queryFn: async () => {
      const oldText = change.change === 'added' || !parent ? '' : await apiText(resolveUrl(repo, parent, change.path));
      const newText = change.change === 'removed' ? '' : await apiText(resolveUrl(repo, commit, change.path));
      if (oldText.includes('\u0000') || newText.includes('\u0000')) {
        return null;
      }
      return lineDiff(oldText, newText);
    },
  });
  return (
    <section className="file-diff" aria-label={`${change.change} ${change.path}`}>
      <h4>
        <span className={`change change-${change.change}`}>{change.change}</span>{' '}
        {change.change === 'removed' ? change.path : <Link to={webUrl(repo, 'blob', commit, change.path)}>{change.path}</Link>}
      </h4>
      {!canDiff && <p className="muted">Binary or large file; no diff shown.</p>}
      {canDiff && diff.isPending && <p className="muted">Loading the diff…</p>}
      {canDiff && diff.isError && <ErrorMessage error={diff.error} what="file" />}
      {diff.data === null && <p className="muted">Binary file; no diff shown.</p>}
      {diff.data && (
        <table className="diff">
          <tbody>
            {diff.data.map((line, index) => (
              <tr key={index} className={`diff-${line.type}`}>
                <td className="diff-num">{line.oldLine ?? ''}</td>
                <td className="diff-num">{line.newLine ?? ''}</td>
                <td className="diff-text">
                  <span aria-hidden="true">{line.type === 'added' ? '+' : line.type === 'removed' ? '-' : ' '}</span>
                  <span className="visually-hidden">{line.type === 'same' ? '' : `${line.type}: `}</span>
                  {line.text}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
