import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { webBase, webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { InlineError } from '../../../components/error-message.tsx';
import { deleteRepo, moveRepo, updateSettings, type RepoInfo } from '../repo-api.ts';

/** `/…/settings`: visibility, gating, rename or move, and delete (typing the name to confirm). */
export function SettingsPage({ repo, info }: { repo: RepoRef; info: RepoInfo }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['repo', repo.type, repo.id] });

  const visibility = useMutation({ mutationFn: (isPrivate: boolean) => updateSettings(repo, { private: isPrivate }), onSuccess: refresh });
  const gating = useMutation({
    mutationFn: (gated: false | 'auto' | 'manual') => updateSettings(repo, { gated }),
    onSuccess: refresh,
  });
  const [target, setTarget] = useState(repo.id);
  const move = useMutation({
    mutationFn: () => moveRepo(repo, target.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate(webBase({ type: repo.type, id: target.trim() }));
    },
  });
  const [confirmation, setConfirmation] = useState('');
  const remove = useMutation({
    mutationFn: () => deleteRepo(repo),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate(`/${repo.id.split('/')[0]}`);
    },
  });

  function submitMove(event: FormEvent) {
    event.preventDefault();
    move.mutate();
  }
  function submitDelete(event: FormEvent) {
    event.preventDefault();
    if (confirmation === repo.id) {
      remove.mutate();
    }
  }

  return (
    <div className="stack settings">
      <section aria-labelledby="visibility-title" className="panel">
        <h2 id="visibility-title">Visibility</h2>
        <p>
          This repository is <strong>{info.private ? 'private' : 'public'}</strong>.
          {info.private ? ' Only you and members of its organization can see it.' : ' Anyone can see it.'}
        </p>
        <button type="button" onClick={() => visibility.mutate(!info.private)} disabled={visibility.isPending}>
          Make {info.private ? 'public' : 'private'}
        </button>
        <InlineError error={visibility.error} />
      </section>

      <section aria-labelledby="gating-title" className="panel">
        <h2 id="gating-title">Access requests</h2>
        <label>
          Gating
          <select
            value={info.gated ? info.gated : 'off'}
            onChange={(event) => gating.mutate(event.target.value === 'off' ? false : (event.target.value as 'auto' | 'manual'))}
            disabled={gating.isPending}
          >
            <option value="off">Not gated</option>
            <option value="auto">Gated, approved automatically</option>
            <option value="manual">Gated, approved by hand</option>
          </select>
        </label>
        <InlineError error={gating.error} />
      </section>

      <form aria-labelledby="move-title" className="panel" onSubmit={submitMove}>
        <h2 id="move-title">Rename or transfer</h2>
        <label>
          New name (namespace/name)
          <input value={target} onChange={(event) => setTarget(event.target.value)} pattern="[A-Za-z0-9._\-]+/[A-Za-z0-9._\-]+" required />
        </label>
        <button type="submit" disabled={move.isPending || target.trim() === repo.id}>
          Rename
        </button>
        <InlineError error={move.error} />
      </form>

      <form aria-labelledby="delete-title" className="panel panel-danger" onSubmit={submitDelete}>
        <h2 id="delete-title">Delete this repository</h2>
        <p>This cannot be undone. Its files, history and settings are removed.</p>
        <label>
          Type <code>{repo.id}</code> to confirm
          <input value={confirmation} onChange={(event) => setConfirmation(event.target.value)} autoComplete="off" />
        </label>
        <button type="submit" className="danger" disabled={confirmation !== repo.id || remove.isPending}>
          I understand, delete this repository
        </button>
        <InlineError error={remove.error} />
      </form>
      <p>
        <a href={webUrl(repo, 'tree', 'main')}>Back to the files</a>
      </p>
    </div>
  );
}
