import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { apiFetch, sameOriginPath } from '../../lib/api-client.ts';
import type { RepoType } from '../../lib/repo-ref.ts';
import { useSession } from '../../lib/session.ts';
import { ErrorMessage, InlineError } from '../../components/error-message.tsx';
import { HubApiError } from '../../lib/api-client.ts';

/** The client-side rule for repository names (§1.2). */
export function repoNameProblem(name: string): string | null {
  if (!/^[A-Za-z0-9._-]{1,96}$/.test(name)) {
    return 'Use 1–96 letters, digits, ".", "_" or "-".';
  }
  if (name.includes('--') || name.includes('..')) {
    return 'The name cannot contain "--" or "..".';
  }
  if (name.endsWith('.git')) {
    return 'The name cannot end in ".git".';
  }
  return null;
}

/** `/new` and `/new-dataset`: create a repository in your namespace or one of your organizations. */
export function NewRepoPage({ type }: { type: RepoType }) {
  const session = useSession();
  const navigate = useNavigate();
  const [owner, setOwner] = useState('');
  const [name, setName] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [touched, setTouched] = useState(false);
  const user = session.data;
  const ownerName = owner || user?.name || '';

  const create = useMutation({
    mutationFn: () =>
      apiFetch<{ url: string }>('/api/repos/create', {
        method: 'POST',
        json: { type, name, organization: ownerName === user?.name ? null : ownerName, private: isPrivate },
      }),
    onSuccess: (result) => {
      const path = sameOriginPath(result?.url ?? null);
      navigate(path && path.startsWith('/') ? path : `/${type === 'dataset' ? 'datasets/' : ''}${ownerName}/${name}`);
    },
  });

  if (session.isPending) {
    return <main className="page" id="main"><p className="muted">Loading…</p></main>;
  }
  if (!user) {
    return (
      <main className="page" id="main">
        <h1>Create a new {type}</h1>
        <ErrorMessage error={new HubApiError(401, null, 'Sign in required', null)} what="page" />
      </main>
    );
  }
  const problem = repoNameProblem(name);
  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!problem) {
      create.mutate();
    }
  }
  return (
    <main className="page" id="main">
      <h1>Create a new {type} repository</h1>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="row">
          <label>
            Owner
            <select value={ownerName} onChange={(event) => setOwner(event.target.value)}>
              <option value={user.name}>{user.name}</option>
              {(user.orgs ?? []).map((org) => (
                <option key={org.name} value={org.name}>
                  {org.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {type === 'dataset' ? 'Dataset' : 'Model'} name
            <input
              value={name}
              onChange={(event) => setName(event.target.value)}
              required
              aria-invalid={touched && problem !== null}
              aria-describedby="repo-name-help"
            />
          </label>
        </div>
        <p id="repo-name-help" className={touched && problem ? 'form-error' : 'muted'}>
          {touched && problem ? problem : 'Letters, digits, ".", "_" and "-".'}
        </p>
        <fieldset>
          <legend>Visibility</legend>
          <label className="inline">
            <input type="radio" name="visibility" checked={!isPrivate} onChange={() => setPrivate(false)} /> Public: anyone can see it
          </label>
          <label className="inline">
            <input type="radio" name="visibility" checked={isPrivate} onChange={() => setPrivate(true)} /> Private: only you and your organization
          </label>
        </fieldset>
        <InlineError error={create.error} />
        <div>
          <button type="submit" disabled={create.isPending}>
            Create {type}
          </button>
        </div>
        <p className="muted">
          Need a shared namespace? <Link to="/organizations/new">Create an organization</Link>.
        </p>
      </form>
    </main>
  );
}
