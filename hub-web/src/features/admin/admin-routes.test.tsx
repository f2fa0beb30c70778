import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { jsonResponse, renderWithProviders, stubRoutes } from '../../lib/test-utils.tsx';
import { AdminRoutes } from './admin-routes.tsx';
import { auditUrl } from './admin-audit.tsx';
import { formatSeconds, JOBS_URL, type InferenceJobs, type InferenceWorker } from './admin-inference.tsx';
import { storageRepoHref, type StorageReport } from './admin-storage.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

const admin = { 'GET /api/auth/session': { user: { name: 'root', isAdmin: true } } };

/** The `<dt>` → `<dd>` texts of a description list. */
function summaryValues(list: HTMLElement): Record<string, string> {
  return Object.fromEntries(
    Array.from(list.querySelectorAll('div')).map((item) => [item.querySelector('dt')?.textContent, item.querySelector('dd')?.textContent]),
  );
}

const storageReport: StorageReport = {
  repositories: 3,
  totalBytes: 1_500_000_000,
  lfs: { objects: 12, bytes: 1_200_000_000 },
  xet: { xorbs: 1, bytes: 250_000_000 },
  unreferenced: { lfsObjects: 2, lfsBytes: 3_500_000, xetFiles: 0 },
  largest: [
    { id: 'alice/llama', type: 'model', private: false, usedStorage: 1_000_000_000 },
    { id: 'bob/corpus', type: 'dataset', private: true, usedStorage: 480_000_000 },
    { id: 'carol/demo', type: 'space', private: false, usedStorage: 12_345 },
  ],
};

const gpuWorker: InferenceWorker = {
  id: '5f0c6a2e-8d1b-4c3f-9a7e-2b6d4e8f1a03',
  name: 'gpu-worker-1',
  version: '0.4.2',
  state: 'active',
  device: { kind: 'cuda', name: 'NVIDIA H200', memTotal: 80_000_000_000, memFree: 30_000_000_000 },
  maxConcurrency: 4,
  maxBatch: 8,
  inFlight: 2,
  registeredAt: '2025-06-01T08:00:00Z',
  lastHeartbeatAt: '2025-06-01T09:59:58Z',
  models: [
    { modelId: 'meta-llama/Llama-3.2-1B', sha: 'a1b2c3', state: 'ready', bytes: 2_470_000_000, lastUsed: '2025-06-01T09:59:00Z' },
    { modelId: 'Qwen/Qwen2.5-0.5B', sha: 'd4e5f6', state: 'loading', bytes: 988_000_000, lastUsed: '2025-06-01T09:58:00Z' },
  ],
};

const jobsReport: InferenceJobs = {
  counts: { queued: 3, leased: 2, done: 41, failed: 1, cancelled: 0 },
  models: [
    { modelId: 'meta-llama/Llama-3.2-1B', queued: 3, leased: 1, oldestQueuedS: 85 },
    { modelId: 'Qwen/Qwen2.5-0.5B', queued: 0, leased: 1, oldestQueuedS: null },
  ],
  jobs: [
    {
      id: '0b7a6c1d-1111-4a2b-8c3d-000000000001',
      modelId: 'meta-llama/Llama-3.2-1B',
      task: 'text-generation',
      user: 'alice',
      state: 'leased',
      attempts: 1,
      maxAttempts: 3,
      workerId: gpuWorker.id,
      createdAt: '2025-06-01T09:59:30Z',
      deadline: '2025-06-01T10:04:30Z',
      lastError: null,
    },
    {
      id: '0b7a6c1d-1111-4a2b-8c3d-000000000002',
      modelId: 'Qwen/Qwen2.5-0.5B',
      task: 'text-generation',
      user: 'bob',
      state: 'failed',
      attempts: 3,
      maxAttempts: 3,
      workerId: null,
      createdAt: '2025-06-01T09:50:00Z',
      deadline: '2025-06-01T09:55:00Z',
      lastError: 'CUDA out of memory',
    },
  ],
};

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

  it('summarizes storage in human units and links the largest repositories', async () => {
    stubRoutes({ ...admin, 'GET /api/admin/storage': storageReport });
    renderWithProviders(<AdminRoutes />, { path: '/admin/storage', route: '/admin/*' });

    const summary = await screen.findByLabelText('Storage summary');
    expect(summaryValues(summary)).toEqual({
      Repositories: '3',
      'Total size': '1.50 GB',
      LFS: '12 objects, 1.20 GB',
      Xet: '1 xorb, 250 MB',
      'Not referenced by any repository': '2 LFS objects (3.50 MB), 0 Xet files',
    });

    const table = screen.getByRole('table', { name: 'Largest repositories, biggest first' });
    const links = within(table).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['alice/llama', '/alice/llama'],
      ['bob/corpus', '/datasets/bob/corpus'],
      ['carol/demo', '/spaces/carol/demo'],
    ]);
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]).getByText('1.00 GB')).toBeTruthy();
    expect(within(rows[2]).getByText('private')).toBeTruthy();
    expect(within(rows[3]).getByText('12.3 kB')).toBeTruthy();
    expect(screen.queryByText('No data.')).toBeNull();
  });

  it('says so when no repository uses storage yet', async () => {
    stubRoutes({
      ...admin,
      'GET /api/admin/storage': {
        repositories: 0,
        totalBytes: 0,
        lfs: { objects: 0, bytes: 0 },
        xet: { xorbs: 0, bytes: 0 },
        unreferenced: { lfsObjects: 0, lfsBytes: 0, xetFiles: 0 },
        largest: [],
      },
    });
    renderWithProviders(<AdminRoutes />, { path: '/admin/storage', route: '/admin/*' });

    expect(await screen.findByText('No repositories yet.')).toBeTruthy();
    expect(summaryValues(screen.getByLabelText('Storage summary'))['Total size']).toBe('0 B');
  });

  it('explains a failed storage report', async () => {
    stubRoutes({ ...admin, 'GET /api/admin/storage': jsonResponse({ error: 'Disk scan failed' }, { status: 500 }) });
    renderWithProviders(<AdminRoutes />, { path: '/admin/storage', route: '/admin/*' });

    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('h2')?.textContent).toBe('Something went wrong');
    expect(alert.textContent).toContain('Disk scan failed');
  });

  it('lists inference workers, job counts, the queue and recent jobs', async () => {
    stubRoutes({ ...admin, 'GET /api/admin/inference/workers': [gpuWorker], [`GET ${JOBS_URL}`]: jobsReport });
    renderWithProviders(<AdminRoutes />, { path: '/admin/inference', route: '/admin/*' });

    const workers = await screen.findByRole('table', { name: 'Inference workers' });
    const row = within(workers).getAllByRole('row')[1];
    const cells = within(row).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells.slice(0, 5)).toEqual(['gpu-worker-1 0.4.2', 'active', 'cuda: NVIDIA H200', '50.0 GB / 80.0 GB', '2/4']);
    expect(within(row).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'meta-llama/Llama-3.2-1B ready',
      'Qwen/Qwen2.5-0.5B loading',
    ]);
    expect(within(row).getByRole('button', { name: 'Drain gpu-worker-1' })).toBeTruthy();
    expect(within(row).getByRole('button', { name: 'Remove gpu-worker-1' })).toBeTruthy();

    expect(summaryValues(screen.getByLabelText('Jobs by state'))).toEqual({
      Queued: '3',
      Leased: '2',
      Done: '41',
      Failed: '1',
      Cancelled: '0',
    });

    const queue = screen.getByRole('table', { name: 'Queue by model' });
    expect(
      within(queue)
        .getAllByRole('row')
        .slice(1)
        .map((queueRow) => within(queueRow).getAllByRole('cell').map((cell) => cell.textContent)),
    ).toEqual([
      ['meta-llama/Llama-3.2-1B', '3', '1', '1 min 25 s'],
      ['Qwen/Qwen2.5-0.5B', '0', '1', '—'],
    ]);

    const recent = screen.getByRole('table', { name: 'Recent inference jobs' });
    const jobRows = within(recent).getAllByRole('row');
    expect(jobRows).toHaveLength(3);
    expect(within(jobRows[1]).getByText('text-generation')).toBeTruthy();
    expect(within(jobRows[1]).getByText('gpu-worker-1')).toBeTruthy();
    expect(within(jobRows[1]).getByText('1/3')).toBeTruthy();
    expect(within(jobRows[2]).getByText('failed')).toBeTruthy();
    expect(within(jobRows[2]).getByText('CUDA out of memory')).toBeTruthy();
  });

  it('shows the empty states of the inference page', async () => {
    stubRoutes({
      ...admin,
      'GET /api/admin/inference/workers': [],
      [`GET ${JOBS_URL}`]: { counts: { queued: 0, leased: 0, done: 0, failed: 0, cancelled: 0 }, models: [], jobs: [] },
    });
    renderWithProviders(<AdminRoutes />, { path: '/admin/inference', route: '/admin/*' });

    expect(await screen.findByText('No inference workers are registered.')).toBeTruthy();
    expect(await screen.findByText('The queue is empty.')).toBeTruthy();
    expect(screen.getByText('No recent jobs.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('drains a worker with a CSRF-protected POST and refreshes the list', async () => {
    document.cookie = 'XSRF-TOKEN=csrf-123; path=/';
    let state = 'active';
    const fetchMock = stubRoutes({
      ...admin,
      'GET /api/admin/inference/workers': () => jsonResponse([{ ...gpuWorker, state }]),
      [`GET ${JOBS_URL}`]: jobsReport,
      [`POST /api/admin/inference/workers/${gpuWorker.id}/drain`]: () => {
        state = 'draining';
        return jsonResponse({ id: gpuWorker.id, state: 'draining' });
      },
    });
    renderWithProviders(<AdminRoutes />, { path: '/admin/inference', route: '/admin/*' });

    fireEvent.click(await screen.findByRole('button', { name: 'Drain gpu-worker-1' }));

    await waitFor(() => expect(screen.getByRole('table', { name: 'Inference workers' }).textContent).toContain('draining'));
    const drainCall = fetchMock.mock.calls.find(([url]) => url === `/api/admin/inference/workers/${gpuWorker.id}/drain`);
    expect(drainCall?.[1]?.method).toBe('POST');
    expect(new Headers(drainCall?.[1]?.headers).get('X-XSRF-TOKEN')).toBe('csrf-123');
    expect(screen.getByRole('button', { name: 'Drain gpu-worker-1' }).hasAttribute('disabled')).toBe(true);
  });

  it('removes a worker only after confirmation', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    const fetchMock = stubRoutes({
      ...admin,
      'GET /api/admin/inference/workers': [gpuWorker],
      [`GET ${JOBS_URL}`]: jobsReport,
      [`DELETE /api/admin/inference/workers/${gpuWorker.id}`]: () => new Response(null, { status: 204 }),
    });
    renderWithProviders(<AdminRoutes />, { path: '/admin/inference', route: '/admin/*' });
    const isDelete = ([, init]: Parameters<typeof fetch>) => init?.method === 'DELETE';

    fireEvent.click(await screen.findByRole('button', { name: 'Remove gpu-worker-1' }));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls.filter(isDelete)).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Remove gpu-worker-1' }));
    await waitFor(() => expect(fetchMock.mock.calls.filter(isDelete)).toHaveLength(1));
    expect(fetchMock.mock.calls.find(isDelete)?.[0]).toBe(`/api/admin/inference/workers/${gpuWorker.id}`);
  });

  it('filters the audit log by actor and action', () => {
    expect(auditUrl({ actor: ' alice ', action: 'repo.delete', limit: 50 })).toBe('/api/admin/audit?actor=alice&action=repo.delete&limit=50');
    expect(auditUrl({ actor: '', action: '', limit: 100 })).toBe('/api/admin/audit?limit=100');
  });

  it('formats queue waits and repository links', () => {
    expect([formatSeconds(0), formatSeconds(42.4), formatSeconds(120), formatSeconds(185), formatSeconds(3600), formatSeconds(7500)]).toEqual([
      '0 s',
      '42 s',
      '2 min',
      '3 min 5 s',
      '1 h',
      '2 h 5 min',
    ]);
    expect(storageRepoHref({ id: 'a/b', type: 'model' })).toBe('/a/b');
    expect(storageRepoHref({ id: 'a/b', type: 'dataset' })).toBe('/datasets/a/b');
    expect(storageRepoHref({ id: 'a/b', type: 'space' })).toBe('/spaces/a/b');
  });
});
