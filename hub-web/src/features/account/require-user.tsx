import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { HubApiError } from '../../lib/api-client.ts';
import { useSession, type SessionUser } from '../../lib/session.ts';
import { ErrorMessage } from '../../components/error-message.tsx';

/** Renders `children` for a signed-in user, or the sign-in message. */
export function RequireUser({ title, children }: { title: string; children: (user: SessionUser) => ReactNode }) {
  const session = useSession();
  return (
    <main className="page" id="main">
      <h1>{title}</h1>
      <nav aria-label="Settings" className="tabs">
        <NavLink to="/settings/tokens">Access tokens</NavLink>
        <NavLink to="/settings/password">Password</NavLink>
      </nav>
      {session.isPending && <p className="muted">Loading…</p>}
      {session.isError && <ErrorMessage error={session.error} />}
      {session.isSuccess && !session.data && <ErrorMessage error={new HubApiError(401, null, 'Sign in required', null)} />}
      {session.data && children(session.data)}
    </main>
  );
}
