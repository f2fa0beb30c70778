import { Link, useParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { splitRevisionPath, webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { formatBytes, formatDate } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { treePage, treeUrl } from '../repo-api.ts';
import { RevisionSwitcher } from './revision-switcher.tsx';
import { Breadcrumbs } from './breadcrumbs.tsx';

/** `/…/tree/{rev}/{path}`: a folder's entries with sizes, LFS badges and their last commits. */
export function TreePage({ repo }: { repo: RepoRef }) {
  const { revision, path } = splitRevisionPath(useParams()['*'] ?? '');
  const session = useSession();
  const first = treeUrl(repo, revision, path);
  const tree = useInfiniteQuery({
    queryKey: ['tree', first],
    queryFn: ({ pageParam }) => treePage(pageParam),
    initialPageParam: first,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const entries = (tree.data?.pages.flatMap((page) => page.items) ?? []).sort(
    (a, b) => (a.type === b.type ? a.path.localeCompare(b.path) : a.type === 'directory' ? -1 : 1),
  );

  return (
    <section aria-label="Files">
      <div className="toolbar">
        <RevisionSwitcher repo={repo} revision={revision} view="tree" path={path} />
        <Breadcrumbs repo={repo} revision={revision} path={path} />
        <span className="toolbar-end">
          <Link to={webUrl(repo, 'commits', revision)}>History</Link>
          {session.data && <Link to={webUrl(repo, 'upload', revision, path)}>Upload files</Link>}
        </span>
      </div>
      {tree.isPending && <p className="muted">Loading…</p>}
      {tree.isError && <ErrorMessage error={tree.error} what="folder" />}
      {tree.isSuccess && (
        <table className="file-table">
          <caption className="visually-hidden">Files in {path || 'the repository root'}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Last commit</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {path && (
              <tr>
                <td colSpan={4}>
                  <Link to={webUrl(repo, 'tree', revision, path.split('/').slice(0, -1).join('/'))}>..</Link>
                </td>
              </tr>
            )}
            {entries.map((entry) => {
              const name = entry.path.split('/').pop();
              const view = entry.type === 'directory' ? 'tree' : 'blob';
              return (
                <tr key={entry.path}>
                  <td>
                    <span aria-hidden="true">{entry.type === 'directory' ? '📁 ' : '📄 '}</span>
                    <Link to={webUrl(repo, view, revision, entry.path)}>
                      {name}
                      {entry.type === 'directory' && '/'}
                    </Link>
                    {entry.lfs && (
                      <span className="badge" title="Stored with Git LFS">
                        LFS
                      </span>
                    )}
                  </td>
                  <td>{entry.type === 'file' ? formatBytes(entry.size) : ''}</td>
                  <td>
                    {entry.lastCommit && <Link to={webUrl(repo, 'commit', entry.lastCommit.id)}>{entry.lastCommit.title}</Link>}
                  </td>
                  <td>{formatDate(entry.lastCommit?.date)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {tree.hasNextPage && (
        <button type="button" onClick={() => tree.fetchNextPage()} disabled={tree.isFetchingNextPage}>
          Load more files
        </button>
      )}
    </section>
  );
}
