import type { RepoType } from '../../lib/repo-ref.ts';

/** What the list page filters and sorts by; each maps to a listing parameter (§4.1). */
export interface ListFilters {
  search: string;
  task: string;
  library: string;
  license: string;
  language: string;
  tags: string;
  sort: string;
}

export const EMPTY_FILTERS: ListFilters = {
  search: '',
  task: '',
  library: '',
  license: '',
  language: '',
  tags: '',
  sort: 'trendingScore',
};

export const PAGE_SIZE = 30;

/**
 * The first-page URL of `/api/models` or `/api/datasets` for the filters. Task and library have
 * their own parameters; license, language and free tags are tags the repository must carry, sent
 * as repeated `filter` values (AND), e.g. `license:mit`.
 */
export function listUrl(type: RepoType, filters: ListFilters, limit = PAGE_SIZE): string {
  const params = new URLSearchParams();
  if (filters.search.trim()) {
    params.set('search', filters.search.trim());
  }
  if (filters.task) {
    params.set(type === 'dataset' ? 'filter' : 'pipeline_tag', type === 'dataset' ? `task_categories:${filters.task}` : filters.task);
  }
  if (filters.library) {
    params.set('library', filters.library);
  }
  if (filters.license) {
    params.append('filter', `license:${filters.license}`);
  }
  if (filters.language) {
    params.append('filter', type === 'dataset' ? `language:${filters.language}` : filters.language);
  }
  for (const tag of filters.tags.split(',').map((t) => t.trim()).filter(Boolean)) {
    params.append('filter', tag);
  }
  params.set('sort', filters.sort || 'trendingScore');
  params.set('limit', String(limit));
  return `/api/${type}s?${params.toString()}`;
}

/** Reads the filters from the page's query string, so that a filtered list can be linked. */
export function filtersFromSearch(search: URLSearchParams): ListFilters {
  return {
    search: search.get('search') ?? '',
    task: search.get('pipeline_tag') ?? '',
    library: search.get('library') ?? '',
    license: search.get('license') ?? '',
    language: search.get('language') ?? '',
    tags: search.get('other') ?? '',
    sort: search.get('sort') ?? EMPTY_FILTERS.sort,
  };
}

/** Writes the filters into the page's query string, leaving out empty values and the default sort. */
export function filtersToSearch(filters: ListFilters): URLSearchParams {
  const params = new URLSearchParams();
  const entries: [string, string][] = [
    ['search', filters.search],
    ['pipeline_tag', filters.task],
    ['library', filters.library],
    ['license', filters.license],
    ['language', filters.language],
    ['other', filters.tags],
  ];
  for (const [key, value] of entries) {
    if (value) {
      params.set(key, value);
    }
  }
  if (filters.sort && filters.sort !== EMPTY_FILTERS.sort) {
    params.set('sort', filters.sort);
  }
  return params;
}
