import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiText, HubApiError } from '../../../lib/api-client.ts';
import { resolveUrl, webUrl, type RepoRef } from '../../../lib/repo-ref.ts';
import { formatCount, formatDate, formatParameters } from '../../../lib/format.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { CopyButton } from '../../../components/copy-button.tsx';
import type { RepoInfo } from '../repo-api.ts';
import { HighlightedCode } from './code-highlight.tsx';
import { usageSnippets } from './snippets.ts';

// The markdown pipeline (parser, HTML parser, sanitizer) is the largest part of the repository
// pages; only the card needs it, so it loads on its own.
// It starts loading with the page, alongside the README request, instead of after it.
const loadMarkdownView = () => import('./markdown-view.tsx');
const MarkdownView = lazy(() => loadMarkdownView().then((m) => ({ default: m.MarkdownView })));

/** The card rendered from README.md, with the metadata sidebar and "use this model" snippets. */
export function CardPage({ repo, info }: { repo: RepoRef; info: RepoInfo }) {
  const revision = 'main';
  useEffect(() => {
    void loadMarkdownView();
  }, []);
  const readme = useQuery({
    queryKey: ['readme', repo.type, repo.id, info.sha ?? revision],
    queryFn: async () => {
      try {
        return await apiText(resolveUrl(repo, revision, 'README.md'));
      } catch (error) {
        if (error instanceof HubApiError && error.status === 404) {
          return null;
        }
        throw error;
      }
    },
  });

  return (
    <div className="repo-layout">
      <article className="repo-card-body" aria-label={repo.type === 'dataset' ? 'Dataset card' : 'Model card'}>
        {readme.isPending && <p className="muted">Loading the card…</p>}
        {readme.isError && <ErrorMessage error={readme.error} what="card" />}
        {readme.data === null && (
          <p className="muted">
            This repository has no card yet. <Link to={webUrl(repo, 'edit', revision, 'README.md')}>Create README.md</Link>
          </p>
        )}
        {typeof readme.data === 'string' && (
          <Suspense fallback={<p className="muted">Loading the card…</p>}>
            <MarkdownView source={readme.data} repo={repo} revision={revision} />
          </Suspense>
        )}
      </article>
      <aside className="repo-sidebar">
        <MetadataList repo={repo} info={info} />
        <UsageSnippets repo={repo} />
      </aside>
    </div>
  );
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.map(String);
  }
  return typeof value === 'string' && value ? [value] : [];
}

export function MetadataList({ repo, info }: { repo: RepoRef; info: RepoInfo }) {
  const card = info.cardData ?? {};
  const licenses = asList(card.license);
  const baseModels = asList(card.base_model);
  const rows: [string, ReactNode][] = [];
  if (info.pipeline_tag) {
    rows.push(['Task', <Link to={`/models?pipeline_tag=${encodeURIComponent(info.pipeline_tag)}`}>{info.pipeline_tag}</Link>]);
  }
  if (info.library_name) {
    rows.push(['Library', info.library_name]);
  }
  if (licenses.length) {
    rows.push(['License', licenses.join(', ')]);
  }
  if (info.safetensors?.total !== undefined) {
    rows.push(['Parameters', formatParameters(info.safetensors.total)]);
  }
  if (baseModels.length) {
    rows.push([
      'Base model',
      <>
        {baseModels.map((id, index) => (
          <span key={id}>
            {index > 0 && ', '}
            <Link to={`/${id}`}>{id}</Link>
          </span>
        ))}
      </>,
    ]);
  }
  rows.push(['Downloads', formatCount(info.downloads)]);
  if (info.lastModified) {
    rows.push(['Updated', formatDate(info.lastModified)]);
  }
  const tags = info.tags ?? [];
  const listPage = repo.type === 'dataset' ? '/datasets' : '/models';
  return (
    <section aria-labelledby="repo-metadata">
      <h2 id="repo-metadata">About</h2>
      <dl className="metadata">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag}>
              <Link to={`${listPage}?other=${encodeURIComponent(tag)}`}>{tag}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function UsageSnippets({ repo }: { repo: RepoRef }) {
  const snippets = usageSnippets(repo, window.location.origin);
  return (
    <section aria-labelledby="repo-usage">
      <h2 id="repo-usage">{repo.type === 'dataset' ? 'Use this dataset' : 'Use this model'}</h2>
      {snippets.map((snippet) => (
        <figure key={snippet.title} className="snippet">
          <figcaption>
            {snippet.title} <CopyButton text={snippet.code} label={`Copy ${snippet.title} snippet`} />
          </figcaption>
          <pre>
            <code className="hljs">
              <HighlightedCode code={snippet.code} language={snippet.language} />
            </code>
          </pre>
        </figure>
      ))}
    </section>
  );
}
