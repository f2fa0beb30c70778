import { Link } from 'react-router';
import { HubApiError } from '../lib/api-client.ts';

/**
 * Tells the reader what went wrong in words that match the status. A hidden repository answers
 * 404 exactly like a missing one, so the 404 text never hints that something exists.
 */
export function ErrorMessage({ error, what = 'page' }: { error: unknown; what?: string }) {
  if (error instanceof HubApiError) {
    // Like huggingface.co, the hub answers an anonymous request for a private or missing
    // repository with 401 and `X-Error-Code: RepoNotFound`: that is "not found", not "sign in".
    if (error.status === 404 || (error.status === 401 && error.code === 'RepoNotFound')) {
      return <NotFound what={what} signedOut={error.status === 401} />;
    }
    if (error.status === 401) {
      const next = encodeURIComponent(window.location.pathname + window.location.search);
      return (
        <div role="alert" className="notice notice-error">
          <h2>Sign in required</h2>
          <p>
            You need to <Link to={`/login?next=${next}`}>sign in</Link> to see this {what}.
          </p>
        </div>
      );
    }
    if (error.status === 403) {
      return (
        <div role="alert" className="notice notice-error">
          <h2>Access denied</h2>
          <p>You do not have permission to do this. {error.message}</p>
        </div>
      );
    }
    return (
      <div role="alert" className="notice notice-error">
        <h2>Something went wrong</h2>
        <p>{error.message}</p>
        {error.requestId && <p className="muted">Request id: {error.requestId}</p>}
      </div>
    );
  }
  return (
    <div role="alert" className="notice notice-error">
      <h2>Something went wrong</h2>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}

function NotFound({ what, signedOut }: { what: string; signedOut: boolean }) {
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  return (
    <div role="alert" className="notice notice-error">
      <h2>{capitalize(what)} not found</h2>
      <p>
        This {what} does not exist, or you do not have access to it. If it is private, make sure you are{' '}
        {signedOut ? <Link to={`/login?next=${next}`}>signed in</Link> : 'signed in'} with an account that can see it.
      </p>
    </div>
  );
}

/** A one-line error for forms: the server's message, or the status when there is none. */
export function InlineError({ error }: { error: unknown }) {
  if (!error) {
    return null;
  }
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="form-error">
      {message}
    </p>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
