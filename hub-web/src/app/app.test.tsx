import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { App } from './app.tsx';

afterEach(cleanup);

describe('App', () => {
  it('renders the home page at the root path', () => {
    render(<App path="/" />);

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Hub');
  });

  it('renders a not-found page for an unknown path', () => {
    render(<App path="/no/such/page" />);

    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Page not found');
  });
});
