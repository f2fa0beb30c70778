import { useQuery } from '@tanstack/react-query';
import { apiFetch, HubApiError } from './api-client.ts';

/**
 * The signed-in user from `GET /api/auth/session` (a hub-only route, not in the HF API).
 * The fields follow `whoami-v2` (§8); `isAdmin`/`admin` and `orgs` are optional.
 */
export interface SessionUser {
  name: string;
  fullname?: string;
  email?: string;
  isAdmin?: boolean;
  admin?: boolean;
  orgs?: { name: string; fullname?: string; roleInOrg?: string }[];
}

/** What `GET /api/auth/session` (and `POST /api/auth/login`) answer: the user, wrapped. */
export interface SessionAnswer {
  user: SessionUser;
  auth?: { type: 'session' | 'access_token' };
  csrfToken?: string;
}

export const SESSION_KEY = ['session'] as const;

/** The session user, or null when nobody is signed in (the route answers 401). */
export async function fetchSession(): Promise<SessionUser | null> {
  try {
    return (await apiFetch<SessionAnswer>('/api/auth/session'))?.user ?? null;
  } catch (error) {
    if (error instanceof HubApiError && error.status === 401) {
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });
}

export function isAdmin(user: SessionUser | null | undefined): boolean {
  return Boolean(user && (user.isAdmin || user.admin));
}
