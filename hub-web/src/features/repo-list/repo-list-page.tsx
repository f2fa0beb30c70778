import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiPage } from '../../lib/api-client.ts';
import type { RepoType } from '../../lib/repo-ref.ts';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { RepoCardList, type RepoSummary } from '../../components/repo-card-list.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { filtersFromSearch, filtersToSearch, listUrl, type ListFilters } from './list-query.ts';
import './repo-list-page.css';

export const SEARCH_DEBOUNCE_MS = 300;

const MODEL_TASKS = [
  'text-classification',
  'token-classification',
  'question-answering',
  'fill-mask',
  'text-generation',
  'text2text-generation',
  'translation',
  'summarization',
  'feature-extraction',
  'sentence-similarity',
  'zero-shot-classification',
  'image-classification',
  'object-detection',
  'automatic-speech-recognition',
  'text-to-image',
];
const DATASET_TASKS = ['text-classification', 'question-answering', 'translation', 'summarization', 'text-generation', 'image-classification'];
const LIBRARIES = ['transformers', 'sentence-transformers', 'diffusers', 'timm', 'peft', 'gguf', 'onnx', 'safetensors', 'pytorch'];
const LICENSES = ['apache-2.0', 'mit', 'cc-by-4.0', 'cc-by-sa-4.0', 'cc-by-nc-4.0', 'openrail', 'llama3', 'gpl-3.0', 'other'];
const SORTS: [string, string][] = [
  ['trendingScore', 'Trending'],
  ['lastModified', 'Recently updated'],
  ['createdAt', 'Recently created'],
  ['downloads', 'Most downloads'],
  ['likes', 'Most likes'],
];

/** `/models` and `/datasets`: search as you type, filters, sort, and pages that follow the `Link` cursor. */
export function RepoListPage({ type }: { type: RepoType }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearch(searchParams);
  const [searchText, setSearchText] = useState(filters.search);
  const debouncedSearch = useDebouncedValue(searchText, SEARCH_DEBOUNCE_MS);
  const plural = type === 'dataset' ? 'Datasets' : 'Models';

  function update(change: Partial<ListFilters>) {
    setSearchParams(filtersToSearch({ ...filters, ...change }), { replace: true });
  }

  useEffect(() => {
    if (debouncedSearch !== filters.search) {
      update({ search: debouncedSearch });
    }
    // Only the debounced text triggers this; the other filters are read as they are.
  }, [debouncedSearch]);

  const firstPage = listUrl(type, filters);
  const listing = useInfiniteQuery({
    queryKey: ['repo-list', firstPage],
    queryFn: ({ pageParam }) => apiPage<RepoSummary>(pageParam),
    initialPageParam: firstPage,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const repos = listing.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <main className="page page-wide" id="main">
      <h1>{plural}</h1>
      <div className="list-layout">
        <form className="list-filters" role="search" onSubmit={(event) => event.preventDefault()}>
          <label>
            Search {plural.toLowerCase()}
            <input type="search" value={searchText} onChange={(event) => setSearchText(event.target.value)} />
          </label>
          <Select label="Task" value={filters.task} options={type === 'dataset' ? DATASET_TASKS : MODEL_TASKS} onChange={(task) => update({ task })} />
          {type === 'model' && (
            <Select label="Library" value={filters.library} options={LIBRARIES} onChange={(library) => update({ library })} />
          )}
          <Select label="License" value={filters.license} options={LICENSES} onChange={(license) => update({ license })} />
          <label>
            Language
            <input
              value={filters.language}
              placeholder="en"
              onChange={(event) => update({ language: event.target.value.trim() })}
              size={6}
            />
          </label>
          <label>
            Other tags (comma separated)
            <input value={filters.tags} onChange={(event) => update({ tags: event.target.value })} />
          </label>
          <label>
            Sort
            <select value={filters.sort} onChange={(event) => update({ sort: event.target.value })}>
              {SORTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </form>
        <section aria-label={`${plural} found`} aria-busy={listing.isFetching}>
          {listing.isPending && <p className="muted">Loading…</p>}
          {listing.isError && <ErrorMessage error={listing.error} what="listing" />}
          {listing.isSuccess && <RepoCardList repos={repos} type={type} />}
          {listing.hasNextPage && (
            <button type="button" onClick={() => listing.fetchNextPage()} disabled={listing.isFetchingNextPage}>
              {listing.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </section>
      </div>
    </main>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}
