import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiText, HubApiError } from '../../../lib/api-client.ts';
import { resolveUrl, splitRevisionPath, webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { ErrorMessage, InlineError } from '../../../components/error-message.tsx';
import { postCommit, repoInfo } from '../repo-api.ts';
import { buildCommitPayload, textToBase64 } from '../upload/commit-payload.ts';

/** `/…/edit/{rev}/{path}`: edit a text file (the README) in place and commit it. */
export function EditPage({ repo }: { repo: RepoRef }) {
  const { revision, path } = splitRevisionPath(useParams()['*'] ?? '');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The commit the text was read at; the server refuses the commit (412) if the branch moved on.
  const head = useQuery({ queryKey: ['head', repo.type, repo.id, revision], queryFn: () => repoInfo(repo, revision), staleTime: Infinity });
  const original = useQuery({
    queryKey: ['edit-text', repo.type, repo.id, head.data?.sha, path],
    enabled: Boolean(head.data),
    staleTime: Infinity,
    queryFn: async () => {
      try {
        return await apiText(resolveUrl(repo, head.data?.sha ?? revision, path));
      } catch (error) {
        if (error instanceof HubApiError && error.status === 404) {
          return '';
        }
        throw error;
      }
    },
  });
  const [text, setText] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [description, setDescription] = useState('');
  useEffect(() => {
    if (text === null && typeof original.data === 'string') {
      setText(original.data);
    }
  }, [original.data, text]);

  const save = useMutation({
    mutationFn: () =>
      postCommit(
        repo,
        revision,
        buildCommitPayload(
          { summary: summary.trim() || `Update ${path}`, description, parentCommit: head.data?.sha },
          [{ kind: 'file', path, contentBase64: textToBase64(text ?? '') }],
        ),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      navigate(webUrl(repo, 'blob', revision, path));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  if (head.isError) {
    return <ErrorMessage error={head.error} what="revision" />;
  }
  if (original.isError) {
    return <ErrorMessage error={original.error} what="file" />;
  }
  if (text === null) {
    return <p className="muted">Loading…</p>;
  }
  const conflict = save.error instanceof HubApiError && save.error.status === 412;
  return (
    <form className="stack" onSubmit={submit}>
      <h2>
        Edit <code>{path}</code> on <code>{revision}</code>
      </h2>
      <label>
        Content
        <textarea className="editor" value={text} onChange={(event) => setText(event.target.value)} rows={24} spellCheck={false} />
      </label>
      <label>
        Commit message
        <input value={summary} onChange={(event) => setSummary(event.target.value)} placeholder={`Update ${path}`} />
      </label>
      <label>
        Extended description (optional)
        <textarea value={description} onChange={(event) => setDescription(event.target.value)} rows={3} />
      </label>
      {conflict ? (
        <p role="alert" className="form-error">
          The branch was updated since you opened this page. Copy your changes, reload and try again.
        </p>
      ) : (
        <InlineError error={save.error} />
      )}
      <div>
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Committing…' : 'Commit changes'}
        </button>
      </div>
    </form>
  );
}
