/**
 * The one way the UI talks to the server. Failed responses become a {@link HubApiError}
 * built from the Hub error shape (hub-api-contract.md §1.6): the `X-Error-Code` and
 * `X-Error-Message` headers, and the JSON body `{"error": …}`.
 */

/** An error response from the Hub API. */
export class HubApiError extends Error {
  readonly status: number;
  /** The machine-readable `X-Error-Code`, e.g. `RepoNotFound`; null when the server sent none. */
  readonly code: string | null;
  /** The server's `X-Request-Id`, to quote when reporting a problem. */
  readonly requestId: string | null;

  constructor(status: number, code: string | null, message: string, requestId: string | null) {
    super(message);
    this.name = 'HubApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/**
 * Fetches `path` and returns the parsed JSON body, or undefined for a response without one
 * (204, or a body that is not JSON). Throws {@link HubApiError} for any non-2xx status.
 */
export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) {
    headers.set('Accept', 'application/json');
  }
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) {
    throw await toHubApiError(response);
  }
  if (response.status === 204 || !isJson(response)) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

async function toHubApiError(response: Response): Promise<HubApiError> {
  const message =
    response.headers.get('X-Error-Message') ||
    (await errorFromBody(response)) ||
    response.statusText ||
    `HTTP ${response.status}`;
  return new HubApiError(
    response.status,
    response.headers.get('X-Error-Code'),
    message,
    response.headers.get('X-Request-Id'),
  );
}

/** Reads `error` from a JSON body; validation failures send it as a list of messages. */
async function errorFromBody(response: Response): Promise<string | null> {
  if (!isJson(response)) {
    return null;
  }
  try {
    const body: unknown = await response.json();
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    if (typeof error === 'string') {
      return error;
    }
    if (Array.isArray(error)) {
      return error.map(String).join('; ');
    }
  } catch {
    // A malformed body falls back to the status text.
  }
  return null;
}

function isJson(response: Response): boolean {
  return response.headers.get('Content-Type')?.startsWith('application/json') ?? false;
}
