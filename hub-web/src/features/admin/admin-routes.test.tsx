import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { jsonResponse, renderWithProviders, stubRoutes } from '../../lib/test-utils.tsx';
import { AdminRoutes } from './admin-routes.tsx';
import { auditUrl } from './admin-audit.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const admin = { 'GET /api/auth/session': { user: { name: 'root', isAdmin: true } } };

describe('admin console', () => {
  it('refuses a signed-in user who is not an admin', async () => {
    stubRoutes({ 'GET /api/auth/session': { user: { name: 'alice' } } });
    renderWithProviders(<AdminRoutes />, { path: '/admin', route: '/admin/*' });

    expect((await screen.findByRole('alert')).querySelector('h2')?.textContent).toBe('Access denied');
  });

  it('lists users with their status', async () => {
    stubRoutes({
      ...admin,
      'GET /api/admin/users': [
        { name: 'root', admin: true, disabled: false },
        { name: 'bob', admin: false, disabled: true },
      ],
    });
    renderWithProviders(<AdminRoutes />, { path: '/admin', route: '/admin/*' });

    expect(await screen.findByRole('button', { name: 'Enable' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove admin' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Make admin' })).toBeTruthy();
  });

  it('shows "No data." when the storage route does not exist yet', async () => {
    stubRoutes({ ...admin, 'GET /api/admin/storage': jsonResponse({ error: 'Not found' }, { status: 404 }) });
    renderWithProviders(<AdminRoutes />, { path: '/admin/storage', route: '/admin/*' });

    expect(await screen.findByText('No data.')).toBeTruthy();
  });

  it('says the inference page is empty until the feature lands', async () => {
    stubRoutes(admin);
    renderWithProviders(<AdminRoutes />, { path: '/admin/inference', route: '/admin/*' });

    expect(await screen.findByText(/until the inference feature lands/)).toBeTruthy();
  });

  it('filters the audit log by actor and action', () => {
    expect(auditUrl({ actor: ' alice ', action: 'repo.delete', limit: 50 })).toBe('/api/admin/audit?actor=alice&action=repo.delete&limit=50');
    expect(auditUrl({ actor: '', action: '', limit: 100 })).toBe('/api/admin/audit?limit=100');
  });
});
