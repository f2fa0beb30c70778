import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { splitRevisionPath, webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { formatBytes } from '../../../lib/format.ts';
import { InlineError } from '../../../components/error-message.tsx';
import { runUpload, type UploadProgress } from './run-upload.ts';
import type { PickedFile } from './upload-planner.ts';

/** Where a picked file goes: under the current folder, keeping a picked folder's structure. */
export function destinationPath(folder: string, file: File): string {
  const relative = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
  return [folder, relative].filter(Boolean).join('/');
}

/** `/…/upload/{rev}/{path}`: pick files or a folder and commit them with a progress bar. */
export function UploadPage({ repo }: { repo: RepoRef }) {
  const { revision, path: folder } = splitRevisionPath(useParams()['*'] ?? '');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [summary, setSummary] = useState('');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const queryClient = useQueryClient();

  const upload = useMutation({
    mutationFn: () =>
      runUpload(repo, revision, files, { summary: summary.trim() || defaultSummary(files) }, setProgress),
    onSuccess: () => {
      setFiles([]);
      void queryClient.invalidateQueries();
    },
  });

  function pick(event: ChangeEvent<HTMLInputElement>) {
    const picked = Array.from(event.target.files ?? []).map((file) => ({ path: destinationPath(folder, file), file }));
    setFiles((current) => {
      const byPath = new Map(current.map((entry) => [entry.path, entry]));
      for (const entry of picked) {
        byPath.set(entry.path, entry);
      }
      return [...byPath.values()];
    });
    event.target.value = '';
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (files.length > 0) {
      upload.mutate();
    }
  }

  const percent = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <form className="stack" onSubmit={submit} aria-label="Upload files">
      <h2>
        Upload to <code>{folder || '/'}</code> on <code>{revision}</code>
      </h2>
      <div className="row">
        <label className="file-pick">
          Add files
          <input type="file" multiple onChange={pick} />
        </label>
        <label className="file-pick">
          Add a folder
          <input type="file" multiple onChange={pick} {...{ webkitdirectory: '' }} />
        </label>
      </div>
      {files.length > 0 && (
        <ul className="picked-files" aria-label="Files to upload">
          {files.map((entry) => (
            <li key={entry.path}>
              <code>{entry.path}</code> ({formatBytes(entry.file.size)}){' '}
              <button
                type="button"
                aria-label={`Remove ${entry.path}`}
                onClick={() => setFiles((current) => current.filter((other) => other.path !== entry.path))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label>
        Commit message
        <input value={summary} onChange={(event) => setSummary(event.target.value)} placeholder={defaultSummary(files)} />
      </label>
      {progress && upload.isPending && (
        <div>
          <label>
            {phaseLabel(progress.phase)} {percent}%
            <progress max={100} value={percent} />
          </label>
        </div>
      )}
      <InlineError error={upload.error} />
      {upload.isSuccess && (
        <p role="status">
          Committed{' '}
          <Link to={webUrl(repo, 'commit', upload.data.commitOid)}>{upload.data.commitOid.slice(0, 7)}</Link>.{' '}
          {upload.data.ignored.length > 0 && `Ignored by .gitignore: ${upload.data.ignored.join(', ')}. `}
          <Link to={webUrl(repo, 'tree', revision, folder)}>Back to the files</Link>
        </p>
      )}
      <div>
        <button type="submit" disabled={files.length === 0 || upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Commit changes'}
        </button>
      </div>
    </form>
  );
}

function defaultSummary(files: PickedFile[]): string {
  return files.length === 1 ? `Upload ${files[0].path}` : `Upload ${files.length} files`;
}

function phaseLabel(phase: UploadProgress['phase']): string {
  return {
    checking: 'Checking files…',
    hashing: 'Hashing…',
    uploading: 'Uploading…',
    committing: 'Committing…',
    done: 'Done',
  }[phase];
}
