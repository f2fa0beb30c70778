import Markdown, { defaultUrlTransform, type UrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import type { RepoRef } from '../../../lib/repo-ref.ts';
import { rehypeHighlightCode } from './code-highlight.tsx';
import { rewriteCardUrl, stripFrontMatter } from './card-source.ts';
import './markdown-view.css';

/**
 * GitHub's sanitizing rules (rehype-sanitize's default schema): no `script`, `style` or `iframe`,
 * no `on*` attributes, only http(s)/mailto links and http(s) images; ids are prefixed so that a
 * card cannot clobber the page's globals. Cards often carry HTML (`<img>`, `<div align>`,
 * `<details>`), so raw HTML is parsed and then filtered by this schema instead of shown as text.
 */
const schema = defaultSchema;

/**
 * A model or dataset card: GitHub-flavoured markdown with tables, highlighted code and sanitized
 * HTML. Relative images load from the repository at `revision`; relative links open the file.
 */
export function MarkdownView({
  source,
  repo,
  revision,
  cardDir = '',
}: {
  source: string;
  repo: RepoRef;
  revision: string;
  cardDir?: string;
}) {
  const urlTransform: UrlTransform = (url, key, node) => {
    const safe = defaultUrlTransform(url);
    if (!safe) {
      return safe;
    }
    const kind = key === 'src' && node.tagName === 'img' ? 'image' : 'link';
    return rewriteCardUrl(safe, kind, repo, revision, cardDir);
  };
  return (
    <div className="markdown">
      <Markdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeRaw, [rehypeSanitize, schema], rehypeHighlightCode]}
        urlTransform={urlTransform}
      >
        {stripFrontMatter(source)}
      </Markdown>
    </div>
  );
}
