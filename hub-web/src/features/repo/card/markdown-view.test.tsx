import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { MarkdownView } from './markdown-view.tsx';

afterEach(cleanup);

const repo = { type: 'model' as const, id: 'acme/bert' };

function renderCard(source: string) {
  return render(<MarkdownView source={source} repo={repo} revision="main" />).container;
}

describe('MarkdownView', () => {
  it('renders no script element and no event handler from a card', () => {
    const container = renderCard(
      [
        '# Card',
        '',
        '<script>alert(1)</script>',
        '',
        '<img src=x onerror="alert(1)">',
        '',
        '<div onclick="alert(2)" onmouseover="alert(3)">hover</div>',
        '',
        '<iframe src="https://evil.example"></iframe>',
        '',
        '<svg><script>alert(4)</script></svg>',
      ].join('\n'),
    );

    expect(container.querySelectorAll('script')).toHaveLength(0);
    expect(container.querySelectorAll('iframe')).toHaveLength(0);
    const withHandlers = Array.from(container.querySelectorAll('*')).filter((element) =>
      element.getAttributeNames().some((name) => name.toLowerCase().startsWith('on')),
    );
    expect(withHandlers).toHaveLength(0);
    const img = container.querySelector('img');
    expect(img).not.toBeNull();
    expect(img!.hasAttribute('onerror')).toBe(false);
    expect(container.textContent).toContain('hover');
  });

  it('drops javascript: URLs from markdown and HTML links', () => {
    const container = renderCard('[click](javascript:alert(1))\n\n<a href="javascript:alert(2)">html</a>\n\n<a href="JaVaScRiPt:alert(3)">mixed</a>');

    const hrefs = Array.from(container.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? '');
    expect(hrefs.some((href) => /javascript:/i.test(href))).toBe(false);
    expect(container.textContent).toContain('click');
  });

  it('loads relative images from the repository, in markdown and in HTML', () => {
    const container = renderCard('![arch](assets/arch.png)\n\n<img src="./logo.svg" alt="logo">\n\n![remote](https://example.com/r.png)');

    const sources = Array.from(container.querySelectorAll('img')).map((img) => img.getAttribute('src'));
    expect(sources).toEqual([
      '/acme/bert/resolve/main/assets/arch.png',
      '/acme/bert/resolve/main/logo.svg',
      'https://example.com/r.png',
    ]);
  });

  it('strips the YAML front matter', () => {
    const container = renderCard('---\nlicense: mit\npipeline_tag: fill-mask\n---\n# BERT\n');

    expect(container.querySelector('h1')?.textContent).toBe('BERT');
    expect(container.textContent).not.toContain('license: mit');
    expect(container.querySelector('hr')).toBeNull();
  });

  it('renders GitHub-flavoured tables, task lists and strikethrough', () => {
    const container = renderCard('| Metric | Value |\n| --- | --- |\n| F1 | 0.91 |\n\n- [x] done\n\n~~old~~');

    expect(Array.from(container.querySelectorAll('th')).map((th) => th.textContent)).toEqual(['Metric', 'Value']);
    expect(container.querySelector('td')?.textContent).toBe('F1');
    expect(container.querySelector('input[type="checkbox"]')).not.toBeNull();
    expect(container.querySelector('del')?.textContent).toBe('old');
  });

  it('highlights fenced code of a known language', () => {
    const container = renderCard('```python\nimport torch\n```');

    const code = container.querySelector('pre > code');
    expect(code?.classList.contains('language-python')).toBe(true);
    expect(code?.classList.contains('hljs')).toBe(true);
    expect(code?.querySelector('.hljs-keyword')?.textContent).toBe('import');
    expect(code?.textContent).toBe('import torch\n');
  });
});
