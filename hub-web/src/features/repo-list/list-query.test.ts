import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, filtersFromSearch, filtersToSearch, listUrl } from './list-query.ts';

describe('listUrl', () => {
  it('maps the filters to the listing parameters', () => {
    const url = listUrl('model', {
      search: ' bert ',
      task: 'fill-mask',
      library: 'transformers',
      license: 'mit',
      language: 'en',
      tags: 'onnx, quantized',
      sort: 'downloads',
    });

    expect(url).toBe(
      '/api/models?search=bert&pipeline_tag=fill-mask&library=transformers&filter=license%3Amit&filter=en&filter=onnx&filter=quantized&sort=downloads&limit=30',
    );
  });

  it('uses task_categories and language tags for datasets', () => {
    expect(listUrl('dataset', { ...EMPTY_FILTERS, task: 'translation', language: 'fr' }, 10)).toBe(
      '/api/datasets?filter=task_categories%3Atranslation&filter=language%3Afr&sort=trendingScore&limit=10',
    );
  });

  it('round-trips the filters through the page query string', () => {
    const filters = { ...EMPTY_FILTERS, search: 'gpt', task: 'text-generation', sort: 'likes' };
    expect(filtersToSearch(filters).toString()).toBe('search=gpt&pipeline_tag=text-generation&sort=likes');
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
  });
});
