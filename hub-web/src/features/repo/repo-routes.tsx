import { Route, Routes, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { RepoRef, RepoType } from '../../lib/repo-ref.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { repoInfo } from './repo-api.ts';
import { RepoHeader } from './repo-header.tsx';
import { CardPage } from './card/card-page.tsx';
import { TreePage } from './files/tree-page.tsx';
import { BlobPage } from './files/blob-page.tsx';
import { EditPage } from './files/edit-page.tsx';
import { UploadPage } from './upload/upload-page.tsx';
import { CommitsPage } from './history/commits-page.tsx';
import { CommitPage } from './history/commit-page.tsx';
import { SettingsPage } from './settings/settings-page.tsx';
import './repo.css';

export function repoInfoKey(repo: RepoRef) {
  return ['repo', repo.type, repo.id] as const;
}

/**
 * Every page of one repository, under `/{ns}/{name}/…` or `/datasets/{ns}/{name}/…`; `namespace`
 * when the route fixes it (the bootstrap administrator's `/admin/{name}/…`).
 */
export function RepoRoutes({ type, namespace: fixedNamespace }: { type: RepoType; namespace?: string }) {
  const params = useParams();
  const namespace = fixedNamespace ?? params.namespace;
  const name = params.name;
  const repo: RepoRef = { type, id: `${namespace}/${name}` };
  const info = useQuery({ queryKey: repoInfoKey(repo), queryFn: () => repoInfo(repo) });

  if (info.isPending) {
    return (
      <main className="page" id="main">
        <p className="muted">Loading…</p>
      </main>
    );
  }
  if (info.isError) {
    return (
      <main className="page" id="main">
        <h1 className="visually-hidden">{repo.id}</h1>
        <ErrorMessage error={info.error} what="repository" />
      </main>
    );
  }
  return (
    <main className="page page-wide" id="main">
      <RepoHeader repo={repo} info={info.data} />
      <Routes>
        <Route index element={<CardPage repo={repo} info={info.data} />} />
        <Route path="tree/*" element={<TreePage repo={repo} />} />
        <Route path="blob/*" element={<BlobPage repo={repo} info={info.data} />} />
        <Route path="edit/*" element={<EditPage repo={repo} />} />
        <Route path="upload/*" element={<UploadPage repo={repo} />} />
        <Route path="commits/*" element={<CommitsPage repo={repo} />} />
        <Route path="commit/:sha" element={<CommitPage repo={repo} />} />
        <Route path="settings" element={<SettingsPage repo={repo} info={info.data} />} />
        <Route path="*" element={<p role="alert">This page does not exist.</p>} />
      </Routes>
    </main>
  );
}

