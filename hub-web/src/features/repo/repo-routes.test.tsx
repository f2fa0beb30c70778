import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render as renderElement, screen, waitFor } from '@testing-library/react';
import { App } from '../../app/app.tsx';
import { jsonResponse, stubRoutes } from '../../lib/test-utils.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const signedOut = { 'GET /api/auth/session': jsonResponse({ error: 'no session' }, { status: 401 }) };
const signedIn = { 'GET /api/auth/session': { user: { name: 'alice', orgs: [] } } };

const bert = {
  id: 'acme/bert',
  sha: 'f'.repeat(40),
  likes: 7,
  downloads: 1500,
  pipeline_tag: 'fill-mask',
  library_name: 'transformers',
  tags: ['transformers', 'fill-mask', 'license:mit'],
  cardData: { license: 'mit', base_model: 'google/bert-base' },
  safetensors: { parameters: { F32: 110_000_000 }, total: 110_000_000 },
};

describe('repository page', () => {
  it('renders the card, the metadata sidebar and the snippets', async () => {
    stubRoutes({
      ...signedOut,
      'GET /api/models/acme/bert': bert,
      'GET /acme/bert/resolve/main/README.md': new Response('---\nlicense: mit\n---\n# BERT\n\n![arch](img/arch.png)\n\n<script>alert(1)</script>', {
        headers: { 'Content-Type': 'text/markdown' },
      }),
    });
    render('/acme/bert');

    const heading = await screen.findByRole('heading', { level: 1, name: 'BERT' });
    const card = heading.closest('article')!;
    expect(card.querySelector('img')?.getAttribute('src')).toBe('/acme/bert/resolve/main/img/arch.png');
    expect(card.querySelectorAll('script')).toHaveLength(0);
    const about = screen.getByRole('heading', { name: 'About' }).parentElement!;
    expect(termValue(about, 'Task')).toBe('fill-mask');
    expect(termValue(about, 'Library')).toBe('transformers');
    expect(termValue(about, 'License')).toBe('mit');
    expect(termValue(about, 'Parameters')).toBe('110M params');
    expect(termValue(about, 'Base model')).toBe('google/bert-base');
    const snippets = Array.from(document.querySelectorAll('.snippet code')).map((code) => code.textContent);
    expect(snippets[2]).toBe(`git lfs install\ngit clone ${window.location.origin}/acme/bert`);
    expect(snippets[0]).toContain(`os.environ["HF_ENDPOINT"] = "${window.location.origin}"`);
    expect((screen.getByRole('button', { name: '♡ Like' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('opens the bootstrap administrator\'s repositories at /admin/{name}, beside the admin console', async () => {
    stubRoutes({
      ...signedOut,
      'GET /api/models/admin/bert': { ...bert, id: 'admin/bert' },
      'GET /admin/bert/resolve/main/README.md': new Response('# Admin BERT', { headers: { 'Content-Type': 'text/markdown' } }),
    });
    render('/admin/bert');

    expect(await screen.findByRole('heading', { level: 1, name: 'Admin BERT' })).toBeTruthy();
    cleanup();
    render('/admin/storage');

    // the console itself (here refusing an anonymous visitor), not a repository named "storage"
    expect(await screen.findByRole('heading', { level: 1, name: 'Admin' })).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('Sign in required');
  });

  it('shows the same not-found message for a hidden repository as for a missing one', async () => {
    stubRoutes({
      ...signedOut,
      'GET /api/models/acme/secret': jsonResponse({ error: 'Repository not found' }, { status: 404, headers: { 'X-Error-Code': 'RepoNotFound' } }),
    });
    render('/acme/secret');

    expect((await screen.findByRole('alert')).querySelector('h2')?.textContent).toBe('Repository not found');
  });

  it('says not found, with a sign-in link, when an anonymous request answers 401 RepoNotFound', async () => {
    // The hub (like huggingface.co) answers 401 for a private and for a missing repository alike.
    stubRoutes({
      ...signedOut,
      'GET /api/datasets/acme/d': jsonResponse({ error: 'auth' }, { status: 401, headers: { 'X-Error-Code': 'RepoNotFound' } }),
    });
    render('/datasets/acme/d');

    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('h2')?.textContent).toBe('Repository not found');
    expect(screen.getByRole('link', { name: 'signed in' }).getAttribute('href')).toMatch(/^\/login\?next=/);
  });

  it('asks to sign in on any other 401', async () => {
    stubRoutes({
      ...signedOut,
      'GET /api/datasets/acme/d': jsonResponse({ error: 'auth' }, { status: 401 }),
    });
    render('/datasets/acme/d');

    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('h2')?.textContent).toBe('Sign in required');
    expect(screen.getByRole('link', { name: 'sign in' }).getAttribute('href')).toMatch(/^\/login\?next=/);
  });

  it('lists a folder with sizes, LFS badges and last commits', async () => {
    stubRoutes({
      ...signedOut,
      'GET /api/models/acme/bert': bert,
      'GET /api/models/acme/bert/refs': { branches: [{ name: 'main', ref: 'refs/heads/main', targetCommit: bert.sha }], tags: [], converts: [] },
      'GET /api/models/acme/bert/tree/main?recursive=false&expand=true': [
        { type: 'file', path: 'model.safetensors', oid: 'o1', size: 440_000_000, lfs: { oid: 'a'.repeat(64), size: 440_000_000, pointerSize: 134 }, lastCommit: { id: 'c'.repeat(40), title: 'Add weights', date: '2026-01-02T03:04:05.000Z' } },
        { type: 'directory', path: 'onnx', oid: 't1', size: 0 },
        { type: 'file', path: 'config.json', oid: 'o2', size: 570 },
      ],
    });
    render('/acme/bert/tree/main');

    const table = await screen.findByRole('table');
    const rows = Array.from(table.querySelectorAll('tbody tr')).map((row) => Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent));
    expect(rows[0][0]).toBe('📁 onnx/');
    expect(rows[1].slice(0, 2)).toEqual(['📄 config.json', '570 B']);
    expect(rows[2].slice(0, 3)).toEqual(['📄 model.safetensorsLFS', '440 MB', 'Add weights']);
    expect(screen.getByRole('link', { name: 'onnx/' }).getAttribute('href')).toBe('/acme/bert/tree/main/onnx');
    expect(screen.getByRole('link', { name: 'config.json' }).getAttribute('href')).toBe('/acme/bert/blob/main/config.json');
  });

  it('shows a text file highlighted with download and raw links', async () => {
    stubRoutes({
      ...signedOut,
      'GET /api/models/acme/bert': bert,
      'GET /api/models/acme/bert/refs': { branches: [], tags: [{ name: 'v1', ref: 'refs/tags/v1', targetCommit: bert.sha }], converts: [] },
      'POST /api/models/acme/bert/paths-info/v1': [{ type: 'file', path: 'src/run.py', oid: 'o', size: 12 }],
      'GET /acme/bert/resolve/v1/src/run.py': new Response('import torch\n', { headers: { 'Content-Type': 'text/plain' } }),
    });
    render('/acme/bert/blob/v1/src/run.py');

    await waitFor(() => expect(document.querySelector('.file-text .hljs-keyword')?.textContent).toBe('import'));
    expect(screen.getByRole('link', { name: 'Download' }).getAttribute('href')).toBe('/acme/bert/resolve/v1/src/run.py?download=true');
    expect(screen.getByRole('link', { name: 'Raw' }).getAttribute('href')).toBe('/acme/bert/raw/v1/src/run.py');
    expect((screen.getByRole('combobox', { name: 'Revision' }) as HTMLSelectElement).value).toBe('v1');
  });

  it('computes the diff of a commit against its parent', async () => {
    const sha = '1'.repeat(40);
    const parent = '2'.repeat(40);
    stubRoutes({
      ...signedOut,
      'GET /api/models/acme/bert': bert,
      [`GET /api/models/acme/bert/commits/${sha}?limit=2`]: [
        { id: sha, title: 'Fix typo', message: 'Fix typo', date: '2026-01-02T00:00:00.000Z', authors: [{ user: 'alice' }] },
        { id: parent, title: 'Init', message: 'Init', date: '2026-01-01T00:00:00.000Z', authors: [{ user: 'alice' }] },
      ],
      [`GET /api/models/acme/bert/tree/${sha}?recursive=true&expand=false`]: [{ type: 'file', path: 'README.md', oid: 'new', size: 10 }],
      [`GET /api/models/acme/bert/tree/${parent}?recursive=true&expand=false`]: [{ type: 'file', path: 'README.md', oid: 'old', size: 10 }],
      [`GET /acme/bert/resolve/${parent}/README.md`]: new Response('# Titel\nbody\n'),
      [`GET /acme/bert/resolve/${sha}/README.md`]: new Response('# Title\nbody\n'),
    });
    render(`/acme/bert/commit/${sha}`);

    expect(await screen.findByRole('heading', { name: '1 changed file' })).toBeTruthy();
    await waitFor(() => expect(document.querySelectorAll('.diff tr')).toHaveLength(3));
    const lines = Array.from(document.querySelectorAll('.diff tr')).map((row) => row.className);
    expect(lines).toEqual(['diff-removed', 'diff-added', 'diff-same']);
    expect(document.querySelector('.diff-removed .diff-text')?.textContent).toBe('-removed: # Titel');
  });

  it('deletes a repository only after its name is typed', async () => {
    const fetchMock = stubRoutes({
      ...signedIn,
      'GET /api/models/alice/tmp': { id: 'alice/tmp', private: false },
      'DELETE /api/repos/delete': {},
      'GET /api/users/alice/overview': { name: 'alice' },
      'GET /api/models?author=alice&sort=lastModified&limit=100': [],
      'GET /api/datasets?author=alice&sort=lastModified&limit=100': [],
    });
    render('/alice/tmp/settings');

    const button = (await screen.findByRole('button', { name: 'I understand, delete this repository' })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/to confirm/), { target: { value: 'alice/tmp' } });
    expect(button.disabled).toBe(false);
    fireEvent.click(button);

    await waitFor(() => expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(true));
    const [, init] = fetchMock.mock.calls.find(([, i]) => i?.method === 'DELETE')!;
    expect(JSON.parse(init!.body as string)).toEqual({ name: 'tmp', organization: 'alice', type: 'model' });
  });
});

function render(path: string) {
  return renderElement(<App path={path} />);
}

function termValue(container: HTMLElement, term: string): string | null {
  const dt = Array.from(container.querySelectorAll('dt')).find((element) => element.textContent === term);
  return dt?.nextElementSibling?.textContent ?? null;
}
