import { describe, expect, it } from 'vitest';
import { apiBase, rawUrl, resolveUrl, splitRevisionPath, webUrl } from './repo-ref.ts';

describe('repository URLs', () => {
  const model = { type: 'model' as const, id: 'acme/bert' };
  const dataset = { type: 'dataset' as const, id: 'acme/squad' };

  it('prefixes datasets on file and web routes, and uses the plural type on API routes', () => {
    expect(resolveUrl(model, 'main', 'config.json')).toBe('/acme/bert/resolve/main/config.json');
    expect(resolveUrl(dataset, 'main', 'data/train.csv')).toBe('/datasets/acme/squad/resolve/main/data/train.csv');
    expect(rawUrl(model, 'v1', 'a b.txt')).toBe('/acme/bert/raw/v1/a%20b.txt');
    expect(apiBase(dataset)).toBe('/api/datasets/acme/squad');
  });

  it('encodes a revision with slashes as one segment', () => {
    expect(webUrl(model, 'tree', 'refs/pr/1', 'dir/sub')).toBe('/acme/bert/tree/refs%2Fpr%2F1/dir/sub');
  });

  it('splits revision and path, accepting unencoded refs/pr and refs/convert', () => {
    expect(splitRevisionPath('main/dir/file.txt')).toEqual({ revision: 'main', path: 'dir/file.txt' });
    expect(splitRevisionPath('v1.0')).toEqual({ revision: 'v1.0', path: '' });
    expect(splitRevisionPath('refs/pr/12/a/b')).toEqual({ revision: 'refs/pr/12', path: 'a/b' });
    expect(splitRevisionPath('refs/convert/parquet')).toEqual({ revision: 'refs/convert/parquet', path: '' });
    expect(splitRevisionPath('')).toEqual({ revision: 'main', path: '' });
  });
});
