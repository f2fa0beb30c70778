import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../lib/api-client.ts';
import { ErrorMessage } from '../../components/error-message.tsx';

/** An audit entry from `GET /api/admin/audit` (hub route; shape assumed, with tolerated aliases). */
export interface AuditEntry {
  id?: string | number;
  time?: string;
  createdAt?: string;
  actor: string;
  action: string;
  target?: string;
  details?: unknown;
}

export function auditUrl(filters: { actor: string; action: string; limit: number }): string {
  const params = new URLSearchParams();
  if (filters.actor.trim()) {
    params.set('actor', filters.actor.trim());
  }
  if (filters.action.trim()) {
    params.set('action', filters.action.trim());
  }
  params.set('limit', String(filters.limit));
  return `/api/admin/audit?${params.toString()}`;
}

/** The audit log, filtered by actor and action. */
export function AdminAudit() {
  const [draft, setDraft] = useState({ actor: '', action: '', limit: 100 });
  const [filters, setFilters] = useState(draft);
  const url = auditUrl(filters);
  const audit = useQuery({ queryKey: ['admin', 'audit', url], queryFn: () => apiFetch<AuditEntry[]>(url) });
  function submit(event: FormEvent) {
    event.preventDefault();
    setFilters(draft);
  }
  return (
    <section aria-labelledby="admin-audit" className="stack">
      <h2 id="admin-audit">Audit log</h2>
      <form className="row" onSubmit={submit} role="search">
        <label>
          Actor
          <input value={draft.actor} onChange={(event) => setDraft({ ...draft, actor: event.target.value })} />
        </label>
        <label>
          Action
          <input value={draft.action} onChange={(event) => setDraft({ ...draft, action: event.target.value })} />
        </label>
        <label>
          Limit
          <input
            type="number"
            min={1}
            max={1000}
            value={draft.limit}
            onChange={(event) => setDraft({ ...draft, limit: Number(event.target.value) || 100 })}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      {audit.isError && <ErrorMessage error={audit.error} what="audit log" />}
      {audit.data && audit.data.length === 0 && <p className="muted">No entries.</p>}
      {audit.data && audit.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.map((entry, index) => (
                <tr key={entry.id ?? index}>
                  <td>{entry.time ?? entry.createdAt}</td>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td>{entry.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
