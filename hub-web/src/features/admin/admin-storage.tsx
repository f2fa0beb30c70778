import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../lib/api-client.ts';
import { formatBytes } from '../../lib/format.ts';
import { ErrorMessage } from '../../components/error-message.tsx';

/** A repository of the `largest` list, biggest first. */
export interface StorageRepo {
  /** `namespace/name`. */
  id: string;
  type: 'model' | 'dataset' | 'space';
  private: boolean;
  usedStorage: number;
}

/** What `GET /api/admin/storage` answers. */
export interface StorageReport {
  repositories: number;
  totalBytes: number;
  lfs: { objects: number; bytes: number };
  xet: { xorbs: number; bytes: number };
  unreferenced: { lfsObjects: number; lfsBytes: number; xetFiles: number };
  largest: StorageRepo[];
}

/** The repository's web page: `/ns/name`, `/datasets/ns/name` or `/spaces/ns/name`. */
export function storageRepoHref(repo: Pick<StorageRepo, 'id' | 'type'>): string {
  switch (repo.type) {
    case 'dataset':
      return `/datasets/${repo.id}`;
    case 'space':
      return `/spaces/${repo.id}`;
    default:
      return `/${repo.id}`;
  }
}

function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Storage usage from `GET /api/admin/storage`: totals, unreferenced objects, largest repositories. */
export function AdminStorage() {
  const storage = useQuery({
    queryKey: ['admin', 'storage'],
    queryFn: () => apiFetch<StorageReport>('/api/admin/storage'),
  });
  const report = storage.data;
  return (
    <section aria-labelledby="admin-storage" className="stack">
      <h2 id="admin-storage">Storage</h2>
      {storage.isPending && <p className="muted">Loading…</p>}
      {storage.isError && <ErrorMessage error={storage.error} what="storage report" />}
      {report && (
        <>
          <dl className="admin-summary" aria-label="Storage summary">
            <div>
              <dt>Repositories</dt>
              <dd>{report.repositories}</dd>
            </div>
            <div>
              <dt>Total size</dt>
              <dd>{formatBytes(report.totalBytes)}</dd>
            </div>
            <div>
              <dt>LFS</dt>
              <dd>
                {plural(report.lfs.objects, 'object')}, {formatBytes(report.lfs.bytes)}
              </dd>
            </div>
            <div>
              <dt>Xet</dt>
              <dd>
                {plural(report.xet.xorbs, 'xorb')}, {formatBytes(report.xet.bytes)}
              </dd>
            </div>
            <div>
              <dt>Not referenced by any repository</dt>
              <dd>
                {plural(report.unreferenced.lfsObjects, 'LFS object')} ({formatBytes(report.unreferenced.lfsBytes)}),{' '}
                {plural(report.unreferenced.xetFiles, 'Xet file')}
              </dd>
            </div>
          </dl>
          <section aria-labelledby="admin-storage-largest">
            <h3 id="admin-storage-largest">Largest repositories</h3>
            {report.largest.length === 0 ? (
              <p className="muted">No repositories yet.</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="visually-hidden">Largest repositories, biggest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Repository</th>
                      <th scope="col">Type</th>
                      <th scope="col">Visibility</th>
                      <th scope="col">Size</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.largest.map((repo) => (
                      <tr key={`${repo.type}/${repo.id}`}>
                        <td>
                          <Link to={storageRepoHref(repo)}>{repo.id}</Link>
                        </td>
                        <td>{repo.type}</td>
                        <td>{repo.private ? 'private' : 'public'}</td>
                        <td>{formatBytes(repo.usedStorage)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}
