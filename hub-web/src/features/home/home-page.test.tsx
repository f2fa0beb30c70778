import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { HomePage } from './home-page.tsx';
import { renderWithProviders, stubRoutes } from '../../lib/test-utils.tsx';
import pkg from '../../../package.json' with { type: 'json' };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('HomePage', () => {
  it('shows the product name and the version from package.json', () => {
    renderWithProviders(<HomePage />);

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Hub');
    expect(screen.getByText(/^v\d/).textContent).toBe(`v${pkg.version}`);
  });

  it('links to the API documentation and the model list', () => {
    renderWithProviders(<HomePage />);

    expect(screen.getByRole('link', { name: 'API documentation' }).getAttribute('href')).toBe('/docs/api');
    expect(screen.getByRole('link', { name: 'Browse models (JSON)' }).getAttribute('href')).toBe('/api/models');
  });

  it('lists trending and recently updated repositories', async () => {
    stubRoutes({
      'GET /api/models?sort=trendingScore&limit=10': [{ id: 'acme/hot', likes: 1500 }],
      'GET /api/models?sort=lastModified&limit=10': [{ id: 'acme/new' }],
      'GET /api/datasets?sort=lastModified&limit=10': [{ id: 'acme/data' }],
    });
    renderWithProviders(<HomePage />);

    const trending = (await screen.findByRole('link', { name: 'acme/hot' })).closest('section')!;
    expect(trending.querySelector('h2')?.textContent).toBe('Trending models');
    expect(trending.textContent).toContain('♥ 1.5k');
    expect((await screen.findByRole('link', { name: 'acme/new' })).getAttribute('href')).toBe('/acme/new');
    expect((await screen.findByRole('link', { name: 'acme/data' })).getAttribute('href')).toBe('/datasets/acme/data');
  });
});
