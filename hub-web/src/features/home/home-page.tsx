import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiFetch } from '../../lib/api-client.ts';
import { RepoCardList, type RepoSummary } from '../../components/repo-card-list.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import './home-page.css';

const HOME_LIMIT = 10;

function useListing(kind: 'models' | 'datasets', sort: 'lastModified' | 'trendingScore') {
  return useQuery({
    queryKey: ['home', kind, sort],
    queryFn: () => apiFetch<RepoSummary[]>(`/api/${kind}?sort=${sort}&limit=${HOME_LIMIT}`),
  });
}

export function HomePage() {
  return (
    <main className="page home" id="main">
      <header className="home-header">
        <h1>Hub</h1>
        <span className="home-version">v{__APP_VERSION__}</span>
      </header>
      <p>A self-hosted Hugging Face Hub for models, datasets and inference.</p>
      <nav aria-label="Links">
        <ul className="home-links">
          <li>
            <Link to="/models">Models</Link>
          </li>
          <li>
            <Link to="/datasets">Datasets</Link>
          </li>
          <li>
            <a href="/docs/api">API documentation</a>
          </li>
          <li>
            <a href="/api/models">Browse models (JSON)</a>
          </li>
        </ul>
      </nav>
      <div className="home-columns">
        <HomeSection title="Trending models" kind="models" sort="trendingScore" />
        <HomeSection title="Recently updated models" kind="models" sort="lastModified" />
        <HomeSection title="Recently updated datasets" kind="datasets" sort="lastModified" />
      </div>
    </main>
  );
}

function HomeSection({
  title,
  kind,
  sort,
}: {
  title: string;
  kind: 'models' | 'datasets';
  sort: 'lastModified' | 'trendingScore';
}) {
  const listing = useListing(kind, sort);
  return (
    <section aria-labelledby={`home-${kind}-${sort}`}>
      <h2 id={`home-${kind}-${sort}`}>{title}</h2>
      {listing.isPending && <p className="muted">Loading…</p>}
      {listing.isError && <ErrorMessage error={listing.error} what="listing" />}
      {listing.data && <RepoCardList repos={listing.data} type={kind === 'datasets' ? 'dataset' : 'model'} />}
    </section>
  );
}
