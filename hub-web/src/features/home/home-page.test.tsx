import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { HomePage } from './home-page.tsx';
import { renderWithProviders } from '../../lib/test-utils.tsx';
import pkg from '../../../package.json' with { type: 'json' };

afterEach(cleanup);

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
});
