import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiText } from '../../../lib/api-client.ts';
import { rawUrl, resolveUrl, splitRevisionPath, webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { formatBytes } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.ts';
import { ErrorMessage, InlineError } from '../../../components/error-message.tsx';
import { pathInfo, postCommit, type RepoInfo, type TreeEntry } from '../repo-api.ts';
import { buildCommitPayload } from '../upload/commit-payload.ts';
import { HighlightedCode, languageForPath } from '../card/code-highlight.tsx';
import { RevisionSwitcher } from './revision-switcher.tsx';
import { Breadcrumbs } from './breadcrumbs.tsx';

/** Files larger than this are offered for download instead of shown. */
export const MAX_PREVIEW_BYTES = 1_000_000;

const IMAGE = /\.(png|jpe?g|gif|webp|svg|bmp|ico|avif)$/i;
const TEXT = /\.(txt|md|json|jsonl|ya?ml|py|sh|js|ts|tsx|toml|ini|cfg|csv|tsv|xml|html|cpp|h|c|rs|go|java|gitattributes|gitignore)$|(^|\/)(Dockerfile|LICENSE|README|Makefile)$/i;

export type PreviewKind = 'image' | 'text' | 'binary' | 'too-large';

/** How a file is shown: images inline, small text highlighted, anything else as a download. */
export function previewKind(entry: Pick<TreeEntry, 'path' | 'size' | 'lfs'>): PreviewKind {
  if (IMAGE.test(entry.path)) {
    return 'image';
  }
  if (entry.size > MAX_PREVIEW_BYTES) {
    return 'too-large';
  }
  if (entry.lfs && !TEXT.test(entry.path)) {
    return 'binary';
  }
  return 'text';
}

/** `/…/blob/{rev}/{path}`: one file, with download and raw links, edit and delete. */
export function BlobPage({ repo, info }: { repo: RepoRef; info: RepoInfo }) {
  const { revision, path } = splitRevisionPath(useParams()['*'] ?? '');
  const session = useSession();
  const entry = useQuery({
    queryKey: ['path-info', repo.type, repo.id, revision, path],
    queryFn: () => pathInfo(repo, revision, path),
  });
  const kind = entry.data ? previewKind(entry.data) : null;
  const text = useQuery({
    queryKey: ['file-text', repo.type, repo.id, revision, path],
    queryFn: () => apiText(resolveUrl(repo, revision, path)),
    enabled: kind === 'text',
  });
  const isBinaryText = typeof text.data === 'string' && text.data.includes('\u0000');

  return (
    <section aria-label="File">
      <div className="toolbar">
        <RevisionSwitcher repo={repo} revision={revision} view="blob" path={path} />
        <Breadcrumbs repo={repo} revision={revision} path={path} />
      </div>
      {entry.isPending && <p className="muted">Loading…</p>}
      {entry.isError && <ErrorMessage error={entry.error} what="file" />}
      {entry.data === null && (
        <div role="alert" className="notice notice-error">
          <h2>File not found</h2>
          <p>
            There is no <code>{path}</code> at revision <code>{revision}</code>.
          </p>
        </div>
      )}
      {entry.data && (
        <>
          <div className="file-bar">
            <span>
              {formatBytes(entry.data.size)}
              {entry.data.lfs && (
                <span className="badge" title={`Git LFS, sha256 ${entry.data.lfs.oid}`}>
                  LFS
                </span>
              )}
            </span>
            <span className="toolbar-end">
              <a href={`${resolveUrl(repo, revision, path)}?download=true`} download>
                Download
              </a>
              <a href={rawUrl(repo, revision, path)}>Raw</a>
              <Link to={webUrl(repo, 'commits', revision)}>History</Link>
              {session.data && kind === 'text' && !isBinaryText && <Link to={webUrl(repo, 'edit', revision, path)}>Edit</Link>}
              {session.data && <DeleteFile repo={repo} revision={revision} path={path} parentCommit={info.sha} />}
            </span>
          </div>
          {kind === 'image' && (
            <img className="file-image" src={resolveUrl(repo, revision, path)} alt={path.split('/').pop()} />
          )}
          {(kind === 'too-large' || kind === 'binary' || isBinaryText) && (
            <p className="muted">This file is {kind === 'too-large' ? 'too large to show' : 'binary'}; download it to see it.</p>
          )}
          {kind === 'text' && text.isPending && <p className="muted">Loading…</p>}
          {kind === 'text' && text.isError && <ErrorMessage error={text.error} what="file" />}
          {typeof text.data === 'string' && !isBinaryText && (
            <pre className="file-text">
              <code className="hljs">
                <HighlightedCode code={text.data} language={languageForPath(path)} />
              </code>
            </pre>
          )}
        </>
      )}
    </section>
  );
}

function DeleteFile({ repo, revision, path, parentCommit }: { repo: RepoRef; revision: string; path: string; parentCommit?: string }) {
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      postCommit(
        repo,
        revision,
        buildCommitPayload({ summary: `Delete ${path}`, parentCommit: revision === 'main' ? parentCommit : undefined }, [
          { kind: 'deletedFile', path },
        ]),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate(webUrl(repo, 'tree', revision, path.split('/').slice(0, -1).join('/')));
    },
  });
  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <span role="group" aria-label="Confirm delete">
      Delete {path}?{' '}
      <button type="button" className="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
        Yes, delete
      </button>{' '}
      <button type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      <InlineError error={remove.error} />
    </span>
  );
}
