import type { ReactElement } from 'react';
import { HomePage } from '../features/home/home-page.tsx';

/**
 * Placeholder routing: one page per exact path. A router (and TanStack Query for server
 * state) comes in with the first feature that needs more than this.
 */
const routes: Record<string, () => ReactElement> = {
  '/': () => <HomePage />,
};

export function App({ path = window.location.pathname }: { path?: string }) {
  const page = routes[path];
  return page ? page() : <NotFoundPage />;
}

function NotFoundPage() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to Hub</a>
      </p>
    </main>
  );
}
