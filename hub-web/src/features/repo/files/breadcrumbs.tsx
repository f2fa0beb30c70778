import { Link } from 'react-router';
import { webUrl, type RepoRef } from '../../../lib/repo-ref.ts';

/** `name / folder / file`, each part a link to its folder. */
export function Breadcrumbs({ repo, revision, path }: { repo: RepoRef; revision: string; path: string }) {
  const parts = path ? path.split('/') : [];
  return (
    <nav aria-label="Path" className="breadcrumbs">
      <Link to={webUrl(repo, 'tree', revision)}>{repo.id.split('/')[1]}</Link>
      {parts.map((part, index) => {
        const to = parts.slice(0, index + 1).join('/');
        const last = index === parts.length - 1;
        return (
          <span key={to}>
            {' / '}
            {last ? <span aria-current="page">{part}</span> : <Link to={webUrl(repo, 'tree', revision, to)}>{part}</Link>}
          </span>
        );
      })}
    </nav>
  );
}
