import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, HubApiError } from '../../lib/api-client.ts';
import { ErrorMessage, InlineError } from '../../components/error-message.tsx';

/** An organization as `GET /api/admin/organizations` lists it (assumed route and shape). */
export interface AdminOrganization {
  name: string;
  fullname?: string;
  members?: number;
}

const KEY = ['admin', 'organizations'];

/** Organizations: the list (when the server offers one) and a form to create one. */
export function AdminOrganizations() {
  const queryClient = useQueryClient();
  const orgs = useQuery({
    queryKey: KEY,
    queryFn: async () => {
      try {
        return await apiFetch<AdminOrganization[]>('/api/admin/organizations');
      } catch (error) {
        if (error instanceof HubApiError && error.status === 404) {
          return null;
        }
        throw error;
      }
    },
  });
  const [name, setName] = useState('');
  const [fullname, setFullname] = useState('');
  const create = useMutation({
    mutationFn: () => apiFetch('/api/organizations', { method: 'POST', json: { name, fullname } }),
    onSuccess: () => {
      setName('');
      setFullname('');
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <section aria-labelledby="admin-orgs" className="stack">
      <h2 id="admin-orgs">Organizations</h2>
      <form className="panel row" onSubmit={submit} aria-label="Create an organization">
        <label>
          Name
          <input value={name} onChange={(event) => setName(event.target.value)} required />
        </label>
        <label>
          Full name
          <input value={fullname} onChange={(event) => setFullname(event.target.value)} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create organization
        </button>
        <InlineError error={create.error} />
      </form>
      {orgs.isError && <ErrorMessage error={orgs.error} what="organization list" />}
      {orgs.data === null && <p className="muted">The server does not list organizations yet; open one by its name at /{'{name}'}.</p>}
      {orgs.data && (
        <ul className="plain-list">
          {orgs.data.map((org) => (
            <li key={org.name}>
              <Link to={`/${org.name}`}>{org.name}</Link> {org.fullname && <span className="muted">{org.fullname}</span>}{' '}
              {org.members !== undefined && <span className="badge">{org.members} members</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
