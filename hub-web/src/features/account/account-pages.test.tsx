import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { jsonResponse, renderWithProviders, stubRoutes } from '../../lib/test-utils.tsx';
import { TokensPage } from './tokens-page.tsx';
import { LoginPage, safeNext } from './login-page.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('TokensPage', () => {
  it('creates a token with a role, shows it once with a copy button, and revokes one', async () => {
    let tokens = [{ id: 't1', name: 'laptop', role: 'read', createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: null }];
    const fetchMock = stubRoutes({
      'GET /api/auth/session': { user: { name: 'alice' } },
      'GET /api/settings/tokens': () => jsonResponse(tokens),
      'POST /api/settings/tokens': (_url: string, init: RequestInit) => {
        const body = JSON.parse(init.body as string);
        tokens = [...tokens, { id: 't2', name: body.name, role: body.role, createdAt: '2026-01-02T00:00:00.000Z', lastUsedAt: null }];
        return jsonResponse({ id: 't2', name: body.name, role: body.role, token: 'hf_secretvalue' });
      },
      'DELETE /api/settings/tokens/t1': new Response(null, { status: 204 }),
    });
    renderWithProviders(<TokensPage />, { path: '/settings/tokens' });

    expect(await screen.findByRole('cell', { name: 'laptop' })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'ci' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Role' }), { target: { value: 'write' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));

    const status = await screen.findByRole('status');
    expect(status.querySelector('code')?.textContent).toBe('hf_secretvalue');
    expect(screen.getByRole('button', { name: 'Copy token' })).toBeTruthy();
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(post[1]!.body as string)).toEqual({ name: 'ci', role: 'write' });
    expect(await screen.findByRole('cell', { name: 'ci' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Revoke laptop' }));
    await waitFor(() => expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/settings/tokens/t1' && init?.method === 'DELETE')).toBe(true));
  });

  it('asks to sign in when there is no session', async () => {
    stubRoutes({ 'GET /api/auth/session': jsonResponse({ error: 'x' }, { status: 401 }) });
    renderWithProviders(<TokensPage />, { path: '/settings/tokens' });

    expect((await screen.findByRole('alert')).querySelector('h2')?.textContent).toBe('Sign in required');
  });
});

describe('LoginPage', () => {
  it('posts the credentials as JSON and says so when they are wrong', async () => {
    const fetchMock = stubRoutes({
      'POST /api/auth/login': jsonResponse({ error: 'Bad credentials' }, { status: 401 }),
    });
    renderWithProviders(<LoginPage />, { path: '/login' });

    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'alice' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Wrong user name or password.');
    const [, init] = fetchMock.mock.calls[0];
    expect(JSON.parse(init!.body as string)).toEqual({ username: 'alice', password: 'pw' });
  });

  it('only follows a next path on this site', () => {
    expect(safeNext('/acme/bert')).toBe('/acme/bert');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
