import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, HubApiError } from '../../lib/api-client.ts';
import { useSession } from '../../lib/session.ts';
import { RepoCardList, type RepoSummary } from '../../components/repo-card-list.tsx';
import { ErrorMessage, InlineError } from '../../components/error-message.tsx';

/** `GET /api/users/{name}/overview` or `/api/organizations/{name}/overview` (hub routes; shape assumed). */
export interface Overview {
  name: string;
  fullname?: string;
  avatarUrl?: string;
  createdAt?: string;
}

export interface Member {
  user: string;
  fullname?: string;
  role: string;
}

type Profile = { kind: 'user' | 'org'; overview: Overview };

/** A user or organization: `/api/users/…/overview` first, the organization route when that is a 404. */
async function fetchProfile(name: string): Promise<Profile> {
  try {
    return { kind: 'user', overview: await apiFetch<Overview>(`/api/users/${encodeURIComponent(name)}/overview`) };
  } catch (error) {
    if (!(error instanceof HubApiError && error.status === 404)) {
      throw error;
    }
  }
  return { kind: 'org', overview: await apiFetch<Overview>(`/api/organizations/${encodeURIComponent(name)}/overview`) };
}

/** `/{name}`: a user's or an organization's page with its repositories (and members). */
export function ProfilePage() {
  const name = useParams().name ?? '';
  const profile = useQuery({ queryKey: ['profile', name], queryFn: () => fetchProfile(name) });
  const models = useQuery({
    queryKey: ['author', 'models', name],
    queryFn: () => apiFetch<RepoSummary[]>(`/api/models?author=${encodeURIComponent(name)}&sort=lastModified&limit=100`),
    enabled: profile.isSuccess,
  });
  const datasets = useQuery({
    queryKey: ['author', 'datasets', name],
    queryFn: () => apiFetch<RepoSummary[]>(`/api/datasets?author=${encodeURIComponent(name)}&sort=lastModified&limit=100`),
    enabled: profile.isSuccess,
  });

  if (profile.isPending) {
    return <main className="page" id="main"><p className="muted">Loading…</p></main>;
  }
  if (profile.isError) {
    return (
      <main className="page" id="main">
        <h1>{name}</h1>
        <ErrorMessage error={profile.error} what="user or organization" />
      </main>
    );
  }
  const { kind, overview } = profile.data;
  return (
    <main className="page page-wide" id="main">
      <header className="profile-header">
        <h1>
          {overview.fullname || overview.name}
          {overview.fullname && <span className="muted"> ({overview.name})</span>}
        </h1>
        <span className="badge">{kind === 'org' ? 'Organization' : 'User'}</span>
      </header>
      <div className="repo-layout">
        <div>
          <section aria-labelledby="profile-models">
            <h2 id="profile-models">Models</h2>
            {models.isError ? <ErrorMessage error={models.error} what="listing" /> : <RepoCardList repos={models.data ?? []} type="model" />}
          </section>
          <section aria-labelledby="profile-datasets">
            <h2 id="profile-datasets">Datasets</h2>
            {datasets.isError ? (
              <ErrorMessage error={datasets.error} what="listing" />
            ) : (
              <RepoCardList repos={datasets.data ?? []} type="dataset" />
            )}
          </section>
        </div>
        {kind === 'org' && <Members org={overview.name} />}
      </div>
    </main>
  );
}

function Members({ org }: { org: string }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const key = ['members', org];
  const base = `/api/organizations/${encodeURIComponent(org)}/members`;
  const members = useQuery({ queryKey: key, queryFn: () => apiFetch<Member[]>(base) });
  const [user, setUser] = useState('');
  const [role, setRole] = useState('read');
  const add = useMutation({
    mutationFn: () => apiFetch(base, { method: 'POST', json: { user, role } }),
    onSuccess: () => {
      setUser('');
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (member: string) => apiFetch(`${base}/${encodeURIComponent(member)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
  const myRole = members.data?.find((member) => member.user === session.data?.name)?.role;
  const canManage = myRole === 'admin';
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  return (
    <aside aria-labelledby="org-members">
      <h2 id="org-members">Members</h2>
      {members.isError && <ErrorMessage error={members.error} what="member list" />}
      <ul className="plain-list">
        {(members.data ?? []).map((member) => (
          <li key={member.user}>
            {member.user} <span className="badge">{member.role}</span>
            {canManage && member.user !== session.data?.name && (
              <button type="button" className="link-button" onClick={() => remove.mutate(member.user)} aria-label={`Remove ${member.user}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <InlineError error={remove.error} />
      {canManage && (
        <form className="stack" onSubmit={submit}>
          <h3>Add a member</h3>
          <label>
            User name
            <input value={user} onChange={(event) => setUser(event.target.value)} required />
          </label>
          <label>
            Role
            <select value={role} onChange={(event) => setRole(event.target.value)}>
              <option value="read">read</option>
              <option value="write">write</option>
              <option value="admin">admin</option>
            </select>
          </label>
          <InlineError error={add.error} />
          <div>
            <button type="submit" disabled={add.isPending}>
              Add member
            </button>
          </div>
        </form>
      )}
    </aside>
  );
}
