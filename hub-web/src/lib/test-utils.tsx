import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';

/**
 * Renders `ui` inside a fresh query client and a router at `path`. With `route`, the element is
 * mounted at that route pattern so that it sees its URL parameters.
 */
export function renderWithProviders(ui: ReactElement, { path = '/', route }: { path?: string; route?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        {route ? (
          <Routes>
            <Route path={route} element={ui} />
          </Routes>
        ) : (
          ui
        )}
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

/** Stubs `fetch` with a table of `METHOD path` (path with query) → response; anything else is a 404. */
export function stubRoutes(routes: Record<string, Handler | unknown>) {
  const fetchMock = vi.fn<typeof fetch>(async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const key = `${(init.method ?? 'GET').toUpperCase()} ${url}`;
    const handler = routes[key];
    if (handler === undefined) {
      return new Response(JSON.stringify({ error: `no stub for ${key}` }), {
        status: 404,
        headers: { 'Content-Type': 'application/json', 'X-Error-Code': 'RepoNotFound' },
      });
    }
    if (typeof handler === 'function') {
      return (handler as Handler)(url, init);
    }
    if (handler instanceof Response) {
      return handler.clone();
    }
    return jsonResponse(handler);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
}
