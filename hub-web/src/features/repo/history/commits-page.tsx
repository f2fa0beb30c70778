import { Link, useParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiPage } from '../../../lib/api-client.ts';
import { splitRevisionPath, webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { formatDate } from '../../../lib/format.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { commitsUrl, type CommitEntry } from '../repo-api.ts';
import { RevisionSwitcher } from '../files/revision-switcher.tsx';

/** `/…/commits/{rev}`: the history of a revision, newest first, a page at a time. */
export function CommitsPage({ repo }: { repo: RepoRef }) {
  const { revision } = splitRevisionPath(useParams()['*'] ?? '');
  const first = commitsUrl(repo, revision);
  const commits = useInfiniteQuery({
    queryKey: ['commits', first],
    queryFn: ({ pageParam }) => apiPage<CommitEntry>(pageParam),
    initialPageParam: first,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const entries = commits.data?.pages.flatMap((page) => page.items) ?? [];
  const total = commits.data?.pages[0]?.total;
  return (
    <section aria-labelledby="history-title">
      <div className="toolbar">
        <RevisionSwitcher repo={repo} revision={revision} view="commits" />
        <h2 id="history-title">
          History{total != null && <span className="muted"> ({total} commits)</span>}
        </h2>
      </div>
      {commits.isPending && <p className="muted">Loading…</p>}
      {commits.isError && <ErrorMessage error={commits.error} what="revision" />}
      <ol className="commit-list">
        {entries.map((commit) => (
          <li key={commit.id}>
            <Link to={webUrl(repo, 'commit', commit.id)}>{commit.title}</Link>
            <span className="muted">
              {' '}
              {commit.authors.map((author) => author.user).join(', ')} · {formatDate(commit.date)} ·{' '}
              <code>{commit.id.slice(0, 7)}</code>
            </span>
          </li>
        ))}
      </ol>
      {commits.hasNextPage && (
        <button type="button" onClick={() => commits.fetchNextPage()} disabled={commits.isFetchingNextPage}>
          Older commits
        </button>
      )}
    </section>
  );
}
