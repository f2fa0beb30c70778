import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch, apiPage, csrfToken, HubApiError, nextLink, sameOriginPath } from './api-client.ts';

function stubFetch(response: Response) {
  const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(response);
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
}

async function caught(promise: Promise<unknown>): Promise<HubApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HubApiError);
  return error as HubApiError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiFetch', () => {
  it('returns the parsed JSON body and asks for JSON', async () => {
    const fetchMock = stubFetch(json([{ id: 'org/model' }]));

    const models = await apiFetch<{ id: string }[]>('/api/models');

    expect(models).toEqual([{ id: 'org/model' }]);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/models');
    expect(new Headers(init?.headers).get('Accept')).toBe('application/json');
  });

  it('returns undefined for 204 No Content', async () => {
    stubFetch(new Response(null, { status: 204 }));

    await expect(apiFetch('/api/repos/delete', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('maps the error headers to code, message and request id', async () => {
    stubFetch(
      json(
        { error: 'body message' },
        {
          status: 404,
          statusText: 'Not Found',
          headers: {
            'X-Error-Code': 'RepoNotFound',
            'X-Error-Message': 'Repository not found',
            'X-Request-Id': 'req-123',
          },
        },
      ),
    );

    const error = await caught(apiFetch('/api/models/org/missing'));

    expect(error.name).toBe('HubApiError');
    expect(error.status).toBe(404);
    expect(error.code).toBe('RepoNotFound');
    expect(error.message).toBe('Repository not found');
    expect(error.requestId).toBe('req-123');
  });

  it('takes the message from the JSON error body when there is no X-Error-Message', async () => {
    stubFetch(
      json(
        { error: 'You already created this model repo', url: 'http://hub/org/model' },
        { status: 409, headers: { 'X-Request-Id': 'req-409' } },
      ),
    );

    const error = await caught(apiFetch('/api/repos/create', { method: 'POST' }));

    expect(error.status).toBe(409);
    expect(error.code).toBeNull();
    expect(error.message).toBe('You already created this model repo');
    expect(error.requestId).toBe('req-409');
  });

  it('joins a list of validation errors from the JSON body', async () => {
    stubFetch(json({ error: ['top_k must be at least 1', 'inputs is required'] }, { status: 400 }));

    const error = await caught(apiFetch('/api/models/org/model'));

    expect(error.message).toBe('top_k must be at least 1; inputs is required');
  });

  it('falls back to the status text when the body is not JSON', async () => {
    stubFetch(
      new Response('<html>gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'Content-Type': 'text/html' },
      }),
    );

    const error = await caught(apiFetch('/api/models'));

    expect(error.status).toBe(502);
    expect(error.message).toBe('Bad Gateway');
    expect(error.code).toBeNull();
    expect(error.requestId).toBeNull();
  });

  it('falls back to the status number when there is no status text', async () => {
    stubFetch(new Response(null, { status: 500 }));

    const error = await caught(apiFetch('/api/models'));

    expect(error.message).toBe('HTTP 500');
  });
});

describe('credentials and CSRF', () => {
  afterEach(() => {
    document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('sends the session cookie and echoes the XSRF-TOKEN cookie on a write', async () => {
    document.cookie = 'XSRF-TOKEN=abc%3D123; path=/';
    const fetchMock = stubFetch(json({ ok: true }));

    await apiFetch('/api/repos/create', { method: 'POST', json: { name: 'm' } });

    const [, init] = fetchMock.mock.calls[0];
    expect(init?.credentials).toBe('same-origin');
    expect(init?.method).toBe('POST');
    const headers = new Headers(init?.headers);
    expect(headers.get('X-XSRF-TOKEN')).toBe('abc=123');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(init?.body).toBe('{"name":"m"}');
  });

  it('sends no CSRF header on a read', async () => {
    document.cookie = 'XSRF-TOKEN=abc; path=/';
    const fetchMock = stubFetch(json([]));

    await apiFetch('/api/models');

    const [, init] = fetchMock.mock.calls[0];
    expect(init?.credentials).toBe('same-origin');
    expect(new Headers(init?.headers).has('X-XSRF-TOKEN')).toBe(false);
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('echoes the token on %s', async (method) => {
    document.cookie = 'XSRF-TOKEN=t0k; path=/';
    const fetchMock = stubFetch(new Response(null, { status: 204 }));

    await apiFetch('/api/x', { method });

    expect(new Headers(fetchMock.mock.calls[0][1]?.headers).get('X-XSRF-TOKEN')).toBe('t0k');
  });

  it('reads the token among other cookies', () => {
    expect(csrfToken('a=1; XSRF-TOKEN=x%20y; b=2')).toBe('x y');
    expect(csrfToken('a=1')).toBeNull();
  });
});

describe('nextLink', () => {
  it('reads the next URL of the Hub Link header', () => {
    expect(nextLink('<https://hub.example/api/models?limit=2&cursor=abc>; rel="next"')).toBe(
      'https://hub.example/api/models?limit=2&cursor=abc',
    );
  });

  it('picks rel="next" among several links and ignores the others', () => {
    expect(nextLink('<https://h/a?p=1>; rel="prev", <https://h/a?p=3>; rel="next"')).toBe('https://h/a?p=3');
    expect(nextLink('<https://h/a?p=1>; rel="prev"')).toBeNull();
  });

  it('returns null without a header', () => {
    expect(nextLink(null)).toBeNull();
    expect(nextLink('')).toBeNull();
  });
});

describe('apiPage', () => {
  it('returns the items, the next page as a same-origin path, and the total', async () => {
    stubFetch(
      json([{ id: 'a/b' }], {
        headers: {
          Link: `<${window.location.origin}/api/models?sort=likes&cursor=eyJ9>; rel="next"`,
          'X-Total-Count': '42',
        },
      }),
    );

    const page = await apiPage<{ id: string }>('/api/models?sort=likes');

    expect(page.items).toEqual([{ id: 'a/b' }]);
    expect(page.next).toBe('/api/models?sort=likes&cursor=eyJ9');
    expect(page.total).toBe(42);
  });

  it('has no next page on the last page', async () => {
    stubFetch(json([]));

    const page = await apiPage('/api/models');

    expect(page.next).toBeNull();
    expect(page.total).toBeNull();
  });

  it('keeps a next URL on another origin absolute', () => {
    expect(sameOriginPath('https://elsewhere.example/api/models?cursor=1', 'http://localhost:3000')).toBe(
      'https://elsewhere.example/api/models?cursor=1',
    );
  });
});
