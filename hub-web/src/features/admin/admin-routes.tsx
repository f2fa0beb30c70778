import { NavLink, Route, Routes } from 'react-router';
import { HubApiError } from '../../lib/api-client.ts';
import { isAdmin, useSession } from '../../lib/session.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { AdminUsers } from './admin-users.tsx';
import { AdminOrganizations } from './admin-organizations.tsx';
import { AdminRepositories } from './admin-repositories.tsx';
import { AdminStorage } from './admin-storage.tsx';
import { AdminAudit } from './admin-audit.tsx';
import { AdminInference } from './admin-inference.tsx';
import './admin.css';

/** `/admin/*`: the admin console, for admins only (the server enforces it as well). */
export function AdminRoutes() {
  const session = useSession();
  if (session.isPending) {
    return <main className="page" id="main"><p className="muted">Loading…</p></main>;
  }
  if (!session.data || !isAdmin(session.data)) {
    const status = session.data ? 403 : 401;
    return (
      <main className="page" id="main">
        <h1>Admin</h1>
        <ErrorMessage error={new HubApiError(status, null, 'Only administrators can open the admin console.', null)} what="page" />
      </main>
    );
  }
  return (
    <main className="page page-wide" id="main">
      <h1>Admin</h1>
      <nav aria-label="Admin" className="tabs">
        <NavLink to="/admin" end>Users</NavLink>
        <NavLink to="/admin/organizations">Organizations</NavLink>
        <NavLink to="/admin/repositories">Repositories</NavLink>
        <NavLink to="/admin/storage">Storage</NavLink>
        <NavLink to="/admin/inference">Inference</NavLink>
        <NavLink to="/admin/audit">Audit log</NavLink>
      </nav>
      <Routes>
        <Route index element={<AdminUsers />} />
        <Route path="organizations" element={<AdminOrganizations />} />
        <Route path="repositories" element={<AdminRepositories />} />
        <Route path="storage" element={<AdminStorage />} />
        <Route path="inference" element={<AdminInference />} />
        <Route path="audit" element={<AdminAudit />} />
      </Routes>
    </main>
  );
}
