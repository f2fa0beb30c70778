import { describe, expect, it } from 'vitest';
import { rewriteCardUrl, stripFrontMatter } from './card-source.ts';

const repo = { type: 'model' as const, id: 'acme/bert' };

describe('stripFrontMatter', () => {
  it('removes the YAML block at the top', () => {
    expect(stripFrontMatter('---\nlicense: mit\ntags:\n- a\n---\n# Title\n')).toBe('# Title\n');
  });

  it('handles CRLF line ends and a byte order mark', () => {
    expect(stripFrontMatter('\uFEFF---\r\nlicense: mit\r\n---\r\nText')).toBe('Text');
  });

  it('leaves a card without front matter, and a later rule, as they are', () => {
    expect(stripFrontMatter('# Title\n\n---\n\nmore')).toBe('# Title\n\n---\n\nmore');
  });
});

describe('rewriteCardUrl', () => {
  it('loads a relative image from the repository at the revision', () => {
    expect(rewriteCardUrl('images/arch.png', 'image', repo, 'main')).toBe('/acme/bert/resolve/main/images/arch.png');
    expect(rewriteCardUrl('./a b.png', 'image', repo, 'v1')).toBe('/acme/bert/resolve/v1/a%20b.png');
    expect(rewriteCardUrl('../x.png', 'image', repo, 'main', 'docs')).toBe('/acme/bert/resolve/main/x.png');
  });

  it('uses the dataset prefix for datasets and encodes the revision', () => {
    expect(rewriteCardUrl('plot.svg', 'image', { type: 'dataset', id: 'acme/data' }, 'refs/pr/2')).toBe(
      '/datasets/acme/data/resolve/refs%2Fpr%2F2/plot.svg',
    );
  });

  it('opens a relative link as the file page, keeping the anchor', () => {
    expect(rewriteCardUrl('docs/usage.md#install', 'link', repo, 'main')).toBe('/acme/bert/blob/main/docs/usage.md#install');
  });

  it('leaves absolute, root-relative, anchor and escaping URLs alone', () => {
    expect(rewriteCardUrl('https://example.com/a.png', 'image', repo, 'main')).toBe('https://example.com/a.png');
    expect(rewriteCardUrl('//cdn.example/a.png', 'image', repo, 'main')).toBe('//cdn.example/a.png');
    expect(rewriteCardUrl('/datasets/x/y', 'link', repo, 'main')).toBe('/datasets/x/y');
    expect(rewriteCardUrl('#usage', 'link', repo, 'main')).toBe('#usage');
    expect(rewriteCardUrl('../../etc/passwd', 'image', repo, 'main')).toBe('../../etc/passwd');
  });
});
