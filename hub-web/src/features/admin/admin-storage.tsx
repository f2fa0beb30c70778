import { useQuery } from '@tanstack/react-query';
import { apiFetch, HubApiError } from '../../lib/api-client.ts';
import { ErrorMessage } from '../../components/error-message.tsx';

/** Storage usage from `GET /api/admin/storage`; "no data" until the server has that route. */
export function AdminStorage() {
  const storage = useQuery({
    queryKey: ['admin', 'storage'],
    queryFn: async () => {
      try {
        return (await apiFetch<Record<string, unknown>>('/api/admin/storage')) ?? null;
      } catch (error) {
        if (error instanceof HubApiError && error.status === 404) {
          return null;
        }
        throw error;
      }
    },
  });
  return (
    <section aria-labelledby="admin-storage">
      <h2 id="admin-storage">Storage</h2>
      {storage.isPending && <p className="muted">Loading…</p>}
      {storage.isError && <ErrorMessage error={storage.error} what="storage report" />}
      {storage.data === null && <p>No data.</p>}
      {storage.data && (
        <dl className="metadata">
          {Object.entries(storage.data).map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
