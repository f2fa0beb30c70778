import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, HubApiError } from '../../lib/api-client.ts';
import { SESSION_KEY } from '../../lib/session.ts';

/** Only a path on this site is a place to go after signing in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** `/login`: `POST /api/auth/login {username, password}` sets the session and CSRF cookies. */
export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const login = useMutation({
    mutationFn: () => apiFetch('/api/auth/login', { method: 'POST', json: { username, password } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      await queryClient.invalidateQueries();
      navigate(safeNext(searchParams.get('next')));
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate();
  }
  const error = login.error;
  const message =
    error instanceof HubApiError && (error.status === 401 || error.status === 400)
      ? 'Wrong user name or password.'
      : error instanceof HubApiError && error.status === 403
        ? `This account cannot sign in: ${error.message}`
        : error
          ? error.message
          : null;
  return (
    <main className="page page-narrow" id="main">
      <h1>Log in</h1>
      <form className="stack" onSubmit={submit}>
        <label>
          User name
          <input value={username} onChange={(event) => setUsername(event.target.value)} autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        {message && (
          <p role="alert" className="form-error">
            {message}
          </p>
        )}
        <div>
          <button type="submit" disabled={login.isPending}>
            {login.isPending ? 'Logging in…' : 'Log in'}
          </button>
        </div>
      </form>
    </main>
  );
}
