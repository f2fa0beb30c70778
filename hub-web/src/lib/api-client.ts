/**
 * The one way the UI talks to the server. Failed responses become a {@link HubApiError}
 * built from the Hub error shape (hub-api-contract.md §1.6): the `X-Error-Code` and
 * `X-Error-Message` headers, and the JSON body `{"error": …}`.
 *
 * Every request is sent with the session cookie (`credentials: 'same-origin'`); writes
 * (POST, PUT, PATCH, DELETE) echo the `XSRF-TOKEN` cookie as `X-XSRF-TOKEN`, which the
 * server demands on cookie-authenticated writes.
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

/** `fetch` options, plus `json`: a value sent as a JSON body with its Content-Type. */
export interface ApiRequestInit extends RequestInit {
  json?: unknown;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of the `XSRF-TOKEN` cookie, or null when there is none. */
export function csrfToken(cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'XSRF-TOKEN') {
      return decodeURIComponent(rest.join('='));
    }
  }
  return null;
}

/** Headers every request carries: Accept (JSON unless given), and the CSRF token on writes. */
export function requestHeaders(method: string, given?: HeadersInit): Headers {
  const headers = new Headers(given);
  if (!headers.has('Accept')) {
    headers.set('Accept', 'application/json');
  }
  const token = SAFE_METHODS.has(method.toUpperCase()) ? null : csrfToken();
  if (token && !headers.has('X-XSRF-TOKEN')) {
    headers.set('X-XSRF-TOKEN', token);
  }
  return headers;
}

/** Sends the request and returns the response; throws {@link HubApiError} for any non-2xx status. */
export async function apiRequest(path: string, init: ApiRequestInit = {}): Promise<Response> {
  const { json, ...rest } = init;
  const method = (rest.method ?? 'GET').toUpperCase();
  const headers = requestHeaders(method, rest.headers);
  let body = rest.body;
  if (json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(json);
  }
  const response = await fetch(path, { ...rest, method, headers, body, credentials: 'same-origin' });
  if (!response.ok) {
    throw await toHubApiError(response);
  }
  return response;
}

/**
 * Fetches `path` and returns the parsed JSON body, or undefined for a response without one
 * (204, or a body that is not JSON). Throws {@link HubApiError} for any non-2xx status.
 */
export async function apiFetch<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
  const response = await apiRequest(path, init);
  if (response.status === 204 || !isJson(response)) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

/** One page of a paginated listing (hub-api-contract.md §1.7). */
export interface Page<T> {
  items: T[];
  /** Where the next page is, from the `Link: <…>; rel="next"` header; null on the last page. */
  next: string | null;
  /** `X-Total-Count`, when the server sent it. */
  total: number | null;
}

/** Fetches one page of a JSON-array listing and where the next one is. */
export async function apiPage<T>(path: string, init: ApiRequestInit = {}): Promise<Page<T>> {
  const response = await apiRequest(path, init);
  const items = isJson(response) ? ((await response.json()) as T[]) : [];
  const total = response.headers.get('X-Total-Count');
  return {
    items: Array.isArray(items) ? items : [],
    next: sameOriginPath(nextLink(response.headers.get('Link'))),
    total: total === null ? null : Number(total),
  };
}

/** Fetches `path` as text (a file from `/resolve/`), or throws {@link HubApiError}. */
export async function apiText(path: string, init: ApiRequestInit = {}): Promise<string> {
  const headers = new Headers(init.headers);
  headers.set('Accept', '*/*');
  const response = await apiRequest(path, { ...init, headers });
  return response.text();
}

/**
 * The URL of the `rel="next"` link in a `Link` header, or null. The Hub sends an absolute URL,
 * exactly `<url>; rel="next"` (§1.7); other relations and spacing are tolerated here.
 */
export function nextLink(header: string | null): string | null {
  if (!header) {
    return null;
  }
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) {
      continue;
    }
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2]);
    if (rels && rels[1].split(/\s+/).includes('next')) {
      return match[1];
    }
  }
  return null;
}

/** An absolute URL on this origin, reduced to its path and query; other URLs stay as they are. */
export function sameOriginPath(url: string | null, origin: string = window.location.origin): string | null {
  if (url === null) {
    return null;
  }
  try {
    const parsed = new URL(url, origin);
    return parsed.origin === origin ? parsed.pathname + parsed.search : url;
  } catch {
    return url;
  }
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

/** `application/json`, and the `+json` types such as Git LFS's `application/vnd.git-lfs+json`. */
function isJson(response: Response): boolean {
  return /^application\/(?:[\w.-]+\+)?json\b/i.test(response.headers.get('Content-Type') ?? '');
}
