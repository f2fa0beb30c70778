import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../lib/api-client.ts';
import { apiBase, webBase, type RepoRef, type RepoType } from '../../lib/repo-ref.ts';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { formatDate } from '../../lib/format.ts';
import { ErrorMessage, InlineError } from '../../components/error-message.tsx';
import type { RepoSummary } from '../../components/repo-card-list.tsx';

/** Repositories: search across models and datasets, switch visibility, delete. */
export function AdminRepositories() {
  const [type, setType] = useState<RepoType>('model');
  const [search, setSearch] = useState('');
  const query = useDebouncedValue(search.trim(), 300);
  const queryClient = useQueryClient();
  const key = ['admin', 'repos', type, query];
  const repos = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<RepoSummary[]>(`/api/${type}s?search=${encodeURIComponent(query)}&sort=lastModified&limit=100`),
  });
  const visibility = useMutation({
    mutationFn: ({ repo, isPrivate }: { repo: RepoRef; isPrivate: boolean }) =>
      apiFetch(`${apiBase(repo)}/settings`, { method: 'PUT', json: { private: isPrivate } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'repos'] }),
  });
  const remove = useMutation({
    mutationFn: (repo: RepoRef) => {
      const [organization, name] = repo.id.split('/');
      return apiFetch('/api/repos/delete', { method: 'DELETE', json: { name, organization, type: repo.type } });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'repos'] }),
  });
  return (
    <section aria-labelledby="admin-repos" className="stack">
      <h2 id="admin-repos">Repositories</h2>
      <div className="row" role="search">
        <label>
          Type
          <select value={type} onChange={(event) => setType(event.target.value as RepoType)}>
            <option value="model">Models</option>
            <option value="dataset">Datasets</option>
          </select>
        </label>
        <label>
          Search
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
      </div>
      {repos.isError && <ErrorMessage error={repos.error} what="listing" />}
      <InlineError error={visibility.error ?? remove.error} />
      {repos.data && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Repository</th>
                <th scope="col">Visibility</th>
                <th scope="col">Updated</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {repos.data.map((summary) => {
                const repo: RepoRef = { type, id: summary.id };
                return (
                  <tr key={summary.id}>
                    <td>
                      <Link to={webBase(repo)}>{summary.id}</Link>
                    </td>
                    <td>{summary.private ? 'private' : 'public'}</td>
                    <td>{formatDate(summary.lastModified)}</td>
                    <td className="actions">
                      <button type="button" onClick={() => visibility.mutate({ repo, isPrivate: !summary.private })}>
                        Make {summary.private ? 'public' : 'private'}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => window.prompt(`Type ${summary.id} to delete it`) === summary.id && remove.mutate(repo)}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
