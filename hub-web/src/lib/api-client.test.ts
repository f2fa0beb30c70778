import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch, HubApiError } from './api-client.ts';

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
