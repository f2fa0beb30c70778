import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../../lib/api-client.ts';
import { formatDate } from '../../lib/format.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { ErrorMessage, InlineError } from '../../components/error-message.tsx';
import { RequireUser } from './require-user.tsx';

/** An access token as `GET /api/settings/tokens` lists it (hub route; shape assumed). */
export interface AccessToken {
  id: string;
  name: string;
  role: 'read' | 'write';
  createdAt?: string;
  lastUsedAt?: string | null;
}

/** `POST /api/settings/tokens` answers with the secret, shown this once. */
export interface CreatedToken extends AccessToken {
  token: string;
}

const KEY = ['settings', 'tokens'];

/** `/settings/tokens`: create a token with a role (shown once, with a copy button) and revoke tokens. */
export function TokensPage() {
  return <RequireUser title="Access tokens">{() => <Tokens />}</RequireUser>;
}

function Tokens() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: KEY, queryFn: () => apiFetch<AccessToken[]>('/api/settings/tokens') });
  const [name, setName] = useState('');
  const [role, setRole] = useState<'read' | 'write'>('read');
  const create = useMutation({
    mutationFn: () => apiFetch<CreatedToken>('/api/settings/tokens', { method: 'POST', json: { name, role } }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/settings/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <div className="stack">
      <form className="panel stack" onSubmit={submit} aria-labelledby="new-token">
        <h2 id="new-token">New token</h2>
        <div className="row">
          <label>
            Name
            <input value={name} onChange={(event) => setName(event.target.value)} required />
          </label>
          <label>
            Role
            <select value={role} onChange={(event) => setRole(event.target.value as 'read' | 'write')}>
              <option value="read">read</option>
              <option value="write">write</option>
            </select>
          </label>
        </div>
        <InlineError error={create.error} />
        <div>
          <button type="submit" disabled={create.isPending}>
            Create token
          </button>
        </div>
      </form>
      {create.data && (
        <div role="status" className="notice">
          <p>
            Your new token <strong>{create.data.name}</strong>. Copy it now: it will not be shown again.
          </p>
          <p className="token-secret">
            <code>{create.data.token}</code> <CopyButton text={create.data.token} label="Copy token" />
          </p>
        </div>
      )}
      <section aria-labelledby="token-list">
        <h2 id="token-list">Your tokens</h2>
        {tokens.isError && <ErrorMessage error={tokens.error} what="token list" />}
        {tokens.data && tokens.data.length === 0 && <p className="muted">No tokens yet.</p>}
        {tokens.data && tokens.data.length > 0 && (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{token.role}</td>
                  <td>{formatDate(token.createdAt)}</td>
                  <td>{token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never'}</td>
                  <td>
                    <button type="button" className="danger" onClick={() => revoke.mutate(token.id)} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <InlineError error={revoke.error} />
      </section>
    </div>
  );
}
