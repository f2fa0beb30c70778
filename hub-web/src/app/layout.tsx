import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../lib/api-client.ts';
import { isAdmin, SESSION_KEY, useSession } from '../lib/session.ts';

/** The header on every page: where to go, who is signed in, and a skip link for keyboards. */
export function Layout() {
  const session = useSession();
  const user = session.data ?? null;
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  async function logout() {
    await apiFetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    queryClient.setQueryData(SESSION_KEY, null);
    await queryClient.invalidateQueries();
    navigate('/');
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Hub
        </Link>
        <nav aria-label="Main" className="site-nav">
          <NavLink to="/models">Models</NavLink>
          <NavLink to="/datasets">Datasets</NavLink>
          {user && <NavLink to="/new">New</NavLink>}
          {isAdmin(user) && <NavLink to="/admin">Admin</NavLink>}
        </nav>
        <div className="site-user">
          {user ? (
            <>
              <Link to={`/${user.name}`}>{user.name}</Link>
              <Link to="/settings/tokens">Settings</Link>
              <button type="button" className="link-button" onClick={logout}>
                Log out
              </button>
            </>
          ) : (
            session.isSuccess && <Link to="/login">Log in</Link>
          )}
        </div>
      </header>
      <Outlet />
    </>
  );
}
