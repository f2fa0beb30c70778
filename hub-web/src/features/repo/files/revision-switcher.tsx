import { useId } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { repoRefs } from '../repo-api.ts';

/** A select of the branches and tags (`/refs`, §6.1) that opens the same view at another revision. */
export function RevisionSwitcher({ repo, revision, view, path }: { repo: RepoRef; revision: string; view: string; path?: string }) {
  const id = useId();
  const navigate = useNavigate();
  const refs = useQuery({ queryKey: ['refs', repo.type, repo.id], queryFn: () => repoRefs(repo) });
  const branches = refs.data?.branches.map((ref) => ref.name) ?? [];
  const tags = refs.data?.tags.map((ref) => ref.name) ?? [];
  const known = branches.includes(revision) || tags.includes(revision);
  return (
    <span className="revision-switcher">
      <label htmlFor={id}>Revision</label>
      <select id={id} value={revision} onChange={(event) => navigate(webUrl(repo, view, event.target.value, path))}>
        {!known && <option value={revision}>{revision.length === 40 ? revision.slice(0, 7) : revision}</option>}
        {branches.length > 0 && (
          <optgroup label="Branches">
            {branches.map((name) => (
              <option key={`b-${name}`} value={name}>
                {name}
              </option>
            ))}
          </optgroup>
        )}
        {tags.length > 0 && (
          <optgroup label="Tags">
            {tags.map((name) => (
              <option key={`t-${name}`} value={name}>
                {name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </span>
  );
}
