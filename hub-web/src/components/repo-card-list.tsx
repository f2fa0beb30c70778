import { Link } from 'react-router';
import { formatCount, formatDate } from '../lib/format.ts';
import { webBase, type RepoType } from '../lib/repo-ref.ts';

/** The fields of a listing item (§4.1) that the cards show. */
export interface RepoSummary {
  id: string;
  private?: boolean;
  gated?: false | 'auto' | 'manual';
  pipeline_tag?: string;
  library_name?: string;
  downloads?: number;
  likes?: number;
  lastModified?: string;
}

/** A list of repositories as compact cards linking to their pages. */
export function RepoCardList({ repos, type }: { repos: RepoSummary[]; type: RepoType }) {
  if (repos.length === 0) {
    return <p className="muted">No {type === 'dataset' ? 'datasets' : 'models'} yet.</p>;
  }
  return (
    <ul className="repo-cards">
      {repos.map((repo) => (
        <li key={repo.id} className="repo-card">
          <Link to={webBase({ type, id: repo.id })} className="repo-card-title">
            {repo.id}
          </Link>
          {repo.private && <span className="badge">private</span>}
          {repo.gated && <span className="badge">gated</span>}
          <p className="repo-card-meta">
            {repo.pipeline_tag && <span>{repo.pipeline_tag}</span>}
            {repo.lastModified && <span>Updated {formatDate(repo.lastModified)}</span>}
            <span aria-label={`${repo.downloads ?? 0} downloads`}>↓ {formatCount(repo.downloads)}</span>
            <span aria-label={`${repo.likes ?? 0} likes`}>♥ {formatCount(repo.likes)}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
