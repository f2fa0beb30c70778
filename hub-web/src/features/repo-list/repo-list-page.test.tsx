import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { jsonResponse, renderWithProviders, stubRoutes } from '../../lib/test-utils.tsx';
import { RepoListPage } from './repo-list-page.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const first = '/api/models?sort=trendingScore&limit=30';

describe('RepoListPage', () => {
  it('lists models and follows the Link cursor for more', async () => {
    stubRoutes({
      [`GET ${first}`]: jsonResponse([{ id: 'acme/one', likes: 3, downloads: 1200 }], {
        headers: { Link: `<${window.location.origin}/api/models?sort=trendingScore&limit=30&cursor=p2>; rel="next"` },
      }),
      'GET /api/models?sort=trendingScore&limit=30&cursor=p2': [{ id: 'acme/two' }],
    });
    renderWithProviders(<RepoListPage type="model" />, { path: '/models' });

    expect((await screen.findByRole('link', { name: 'acme/one' })).getAttribute('href')).toBe('/acme/one');
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect((await screen.findByRole('link', { name: 'acme/two' })).getAttribute('href')).toBe('/acme/two');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull());
  });

  it('searches once the typing stops, not on every key', async () => {
    const fetchMock = stubRoutes({
      [`GET ${first}`]: [],
      'GET /api/models?search=ber&sort=trendingScore&limit=30': [{ id: 'acme/bert' }],
    });
    renderWithProviders(<RepoListPage type="model" />, { path: '/models' });
    await screen.findByText('No models yet.');

    const box = screen.getByRole('searchbox', { name: 'Search models' });
    fireEvent.change(box, { target: { value: 'b' } });
    fireEvent.change(box, { target: { value: 'be' } });
    fireEvent.change(box, { target: { value: 'ber' } });

    expect(await screen.findByRole('link', { name: 'acme/bert' })).toBeTruthy();
    const searched = fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url.includes('search='));
    expect(searched).toEqual(['/api/models?search=ber&sort=trendingScore&limit=30']);
  });

  it('filters by task through pipeline_tag', async () => {
    stubRoutes({
      [`GET ${first}`]: [],
      'GET /api/models?pipeline_tag=fill-mask&sort=trendingScore&limit=30': [{ id: 'acme/masker', pipeline_tag: 'fill-mask' }],
    });
    renderWithProviders(<RepoListPage type="model" />, { path: '/models' });
    await screen.findByText('No models yet.');

    fireEvent.change(screen.getByRole('combobox', { name: 'Task' }), { target: { value: 'fill-mask' } });

    expect(await screen.findByRole('link', { name: 'acme/masker' })).toBeTruthy();
  });
});
