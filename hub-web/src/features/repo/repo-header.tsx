import { useState } from 'react';
import { Link, NavLink } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RepoRef } from '../../lib/repo-ref.ts';
import { webBase, webUrl } from '../../lib/repo-ref.ts';
import { formatCount } from '../../lib/format.ts';
import { useSession } from '../../lib/session.ts';
import { InlineError } from '../../components/error-message.tsx';
import { setLiked, type RepoInfo } from './repo-api.ts';

/** The repository's name, badges, like button and tabs. */
export function RepoHeader({ repo, info }: { repo: RepoRef; info: RepoInfo }) {
  const [namespace, name] = repo.id.split('/');
  const session = useSession();
  const signedIn = Boolean(session.data);
  return (
    <header className="repo-header">
      <h1 className="repo-title">
        <span className="visually-hidden">{repo.type === 'dataset' ? 'Dataset: ' : 'Model: '}</span>
        <Link to={`/${namespace}`}>{namespace}</Link>
        <span aria-hidden="true"> / </span>
        <Link to={webBase(repo)}>{name}</Link>
      </h1>
      <div className="repo-badges">
        {info.private && <span className="badge">private</span>}
        {info.gated && <span className="badge">gated ({info.gated})</span>}
        <LikeButton repo={repo} info={info} enabled={signedIn} />
      </div>
      <nav aria-label="Repository" className="tabs">
        <NavLink to={webBase(repo)} end>
          {repo.type === 'dataset' ? 'Dataset card' : 'Model card'}
        </NavLink>
        <NavLink to={webUrl(repo, 'tree', 'main')}>Files and versions</NavLink>
        <NavLink to={webUrl(repo, 'commits', 'main')}>History</NavLink>
        {signedIn && <NavLink to={webUrl(repo, 'settings')}>Settings</NavLink>}
      </nav>
    </header>
  );
}

function LikeButton({ repo, info, enabled }: { repo: RepoRef; info: RepoInfo; enabled: boolean }) {
  const [liked, setLikedState] = useState(Boolean(info.isLikedByUser));
  const [count, setCount] = useState(info.likes ?? 0);
  const queryClient = useQueryClient();
  const like = useMutation({
    mutationFn: (next: boolean) => setLiked(repo, next),
    onSuccess: (_, next) => {
      setLikedState(next);
      setCount((value) => value + (next ? 1 : -1));
      void queryClient.invalidateQueries({ queryKey: ['repo', repo.type, repo.id] });
    },
  });
  return (
    <span className="like">
      <button
        type="button"
        aria-pressed={liked}
        disabled={!enabled || like.isPending}
        title={enabled ? undefined : 'Sign in to like'}
        onClick={() => like.mutate(!liked)}
      >
        {liked ? '♥ Liked' : '♡ Like'}
      </button>
      <span aria-label={`${count} likes`}>{formatCount(count)}</span>
      <InlineError error={like.error} />
    </span>
  );
}
