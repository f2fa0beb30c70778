import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../lib/api-client.ts';
import { formatDate } from '../../lib/format.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { ErrorMessage, InlineError } from '../../components/error-message.tsx';

/** A user as `GET /api/admin/users` lists it (hub route; shape assumed). */
export interface AdminUser {
  name: string;
  fullname?: string;
  email?: string;
  admin: boolean;
  disabled: boolean;
  createdAt?: string;
}

const KEY = ['admin', 'users'];

/** Users: create, disable, make admin, reset password, issue tokens, delete. */
export function AdminUsers() {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: KEY, queryFn: () => apiFetch<AdminUser[]>('/api/admin/users') });
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const patch = useMutation({
    mutationFn: ({ name, change }: { name: string; change: { disabled?: boolean; admin?: boolean; password?: string } }) =>
      apiFetch(`/api/admin/users/${encodeURIComponent(name)}`, { method: 'PATCH', json: change }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (name: string) => apiFetch(`/api/admin/users/${encodeURIComponent(name)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const issueToken = useMutation({
    mutationFn: ({ name, role }: { name: string; role: string }) =>
      apiFetch<{ token: string; name?: string }>(`/api/admin/users/${encodeURIComponent(name)}/tokens`, {
        method: 'POST',
        json: { name: `admin-issued-${new Date().toISOString().slice(0, 10)}`, role },
      }),
  });

  function resetPassword(name: string) {
    const password = window.prompt(`New password for ${name}`);
    if (password) {
      patch.mutate({ name, change: { password } });
    }
  }

  return (
    <section aria-labelledby="admin-users" className="stack">
      <h2 id="admin-users">Users</h2>
      <CreateUser onCreated={refresh} />
      {users.isError && <ErrorMessage error={users.error} what="user list" />}
      <InlineError error={patch.error ?? remove.error ?? issueToken.error} />
      {issueToken.data && (
        <div role="status" className="notice">
          New token (shown once): <code>{issueToken.data.token}</code> <CopyButton text={issueToken.data.token} label="Copy token" />
        </div>
      )}
      {users.data && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Email</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.name}>
                  <td>
                    <a href={`/${user.name}`}>{user.name}</a>
                    {user.admin && <span className="badge">admin</span>}
                  </td>
                  <td>{user.email}</td>
                  <td>{formatDate(user.createdAt)}</td>
                  <td>{user.disabled ? 'disabled' : 'active'}</td>
                  <td className="actions">
                    <button type="button" onClick={() => patch.mutate({ name: user.name, change: { disabled: !user.disabled } })}>
                      {user.disabled ? 'Enable' : 'Disable'}
                    </button>
                    <button type="button" onClick={() => patch.mutate({ name: user.name, change: { admin: !user.admin } })}>
                      {user.admin ? 'Remove admin' : 'Make admin'}
                    </button>
                    <button type="button" onClick={() => resetPassword(user.name)}>
                      Reset password
                    </button>
                    <button type="button" onClick={() => issueToken.mutate({ name: user.name, role: 'write' })}>
                      Issue token
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => window.confirm(`Delete user ${user.name}?`) && remove.mutate(user.name)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [admin, setAdmin] = useState(false);
  const create = useMutation({
    mutationFn: () => apiFetch('/api/admin/users', { method: 'POST', json: { name, email: email || undefined, password, admin } }),
    onSuccess: () => {
      setName('');
      setEmail('');
      setPassword('');
      setAdmin(false);
      onCreated();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form className="panel row" onSubmit={submit} aria-label="Create a user">
      <label>
        User name
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label>
        Email
        <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
      </label>
      <label>
        Password
        <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" required />
      </label>
      <label className="inline">
        <input type="checkbox" checked={admin} onChange={(event) => setAdmin(event.target.checked)} /> Admin
      </label>
      <button type="submit" disabled={create.isPending}>
        Create user
      </button>
      <InlineError error={create.error} />
    </form>
  );
}
