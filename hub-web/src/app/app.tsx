import { lazy, Suspense, useState, type ReactNode } from 'react';
import { BrowserRouter, MemoryRouter, Route, Routes, useParams } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HubApiError } from '../lib/api-client.ts';
import { HomePage } from '../features/home/home-page.tsx';
import { Layout } from './layout.tsx';

// Each feature is its own chunk, so the first page loads only the home page and the shell.
const RepoListPage = lazy(() => import('../features/repo-list/repo-list-page.tsx').then((m) => ({ default: m.RepoListPage })));
const RepoRoutes = lazy(() => import('../features/repo/repo-routes.tsx').then((m) => ({ default: m.RepoRoutes })));
const NewRepoPage = lazy(() => import('../features/new-repo/new-repo-page.tsx').then((m) => ({ default: m.NewRepoPage })));
const NewOrganizationPage = lazy(() =>
  import('../features/new-repo/new-organization-page.tsx').then((m) => ({ default: m.NewOrganizationPage })),
);
const ProfilePage = lazy(() => import('../features/profile/profile-page.tsx').then((m) => ({ default: m.ProfilePage })));
const LoginPage = lazy(() => import('../features/account/login-page.tsx').then((m) => ({ default: m.LoginPage })));
const TokensPage = lazy(() => import('../features/account/tokens-page.tsx').then((m) => ({ default: m.TokensPage })));
const PasswordPage = lazy(() => import('../features/account/password-page.tsx').then((m) => ({ default: m.PasswordPage })));
const AdminRoutes = lazy(() => import('../features/admin/admin-routes.tsx').then((m) => ({ default: m.AdminRoutes })));

/** A query client that does not retry what cannot get better by retrying (4xx). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => !(error instanceof HubApiError && error.status < 500) && failures < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

/** The route table, at the same URLs as huggingface.co. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="models" element={<Lazy><RepoListPage type="model" /></Lazy>} />
        <Route path="datasets" element={<Lazy><RepoListPage type="dataset" /></Lazy>} />
        <Route path="new" element={<Lazy><NewRepoPage type="model" /></Lazy>} />
        <Route path="new-dataset" element={<Lazy><NewRepoPage type="dataset" /></Lazy>} />
        <Route path="organizations/new" element={<Lazy><NewOrganizationPage /></Lazy>} />
        <Route path="login" element={<Lazy><LoginPage /></Lazy>} />
        <Route path="settings/tokens" element={<Lazy><TokensPage /></Lazy>} />
        <Route path="settings/password" element={<Lazy><PasswordPage /></Lazy>} />
        <Route path="admin/*" element={<AdminOrAdminsRepository />} />
        <Route path="datasets/:namespace/:name/*" element={<RepoGate type="dataset" />} />
        <Route path=":namespace/:name/*" element={<RepoGate type="model" />} />
        <Route path=":name" element={<Lazy><ProfilePage /></Lazy>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** The whole app; `path` renders it at a fixed URL (tests) instead of the browser's. */
export function App({ path }: { path?: string }) {
  const [queryClient] = useState(createQueryClient);
  const routes = <AppRoutes />;
  return (
    <QueryClientProvider client={queryClient}>
      {path === undefined ? (
        <BrowserRouter>{routes}</BrowserRouter>
      ) : (
        <MemoryRouter initialEntries={[path]}>{routes}</MemoryRouter>
      )}
    </QueryClientProvider>
  );
}

/** The admin console's pages: `/admin` and `/admin/{section}`. */
const ADMIN_SECTIONS = new Set(['', 'organizations', 'repositories', 'storage', 'inference', 'audit']);

/**
 * `/admin/*` is the admin console, and `admin` is also the bootstrap administrator's name: any other
 * `/admin/{name}/…` is that user's repository, as `/{namespace}/{name}/…` is for everyone else.
 */
function AdminOrAdminsRepository() {
  const section = (useParams()['*'] ?? '').split('/')[0];
  if (ADMIN_SECTIONS.has(section)) {
    return (
      <Lazy>
        <AdminRoutes />
      </Lazy>
    );
  }
  return (
    <Routes>
      <Route path=":name/*" element={<RepoGate type="model" namespace="admin" />} />
    </Routes>
  );
}

/** The views under a repository URL; anything else is not a page (and needs no request to say so). */
export const REPO_VIEWS = new Set(['', 'tree', 'blob', 'edit', 'upload', 'commits', 'commit', 'settings']);

function RepoGate({ type, namespace }: { type: 'model' | 'dataset'; namespace?: string }) {
  const view = (useParams()['*'] ?? '').split('/')[0];
  if (!REPO_VIEWS.has(view)) {
    return <NotFoundPage />;
  }
  return (
    <Lazy>
      <RepoRoutes type={type} namespace={namespace} />
    </Lazy>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="page muted" aria-live="polite">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

export function NotFoundPage() {
  return (
    <main className="page" id="main">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to Hub</a>
      </p>
    </main>
  );
}
