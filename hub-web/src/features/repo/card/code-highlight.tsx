import type { ReactNode } from 'react';
import { createLowlight } from 'lowlight';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import type { Element, Root, RootContent } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import cpp from 'highlight.js/lib/languages/cpp';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import shell from 'highlight.js/lib/languages/shell';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

/**
 * Syntax highlighting with a handful of highlight.js grammars (the ones model and dataset
 * repositories are made of), through lowlight so that the result is a syntax tree rendered as
 * React elements: highlighted code never goes through innerHTML.
 */
const lowlight = createLowlight({ bash, cpp, diff, dockerfile, ini, javascript, json, markdown, python, shell, typescript, xml, yaml });
lowlight.registerAlias({ bash: ['sh', 'zsh', 'console'], python: ['py'], javascript: ['js', 'jsx'], typescript: ['ts', 'tsx'], yaml: ['yml'], ini: ['toml', 'cfg'], xml: ['html'], json: ['jsonl'] });

const EXTENSIONS: Record<string, string> = {
  py: 'python',
  sh: 'bash',
  bash: 'bash',
  json: 'json',
  jsonl: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  md: 'markdown',
  js: 'javascript',
  mjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  toml: 'ini',
  ini: 'ini',
  cfg: 'ini',
  html: 'xml',
  xml: 'xml',
  cpp: 'cpp',
  cc: 'cpp',
  h: 'cpp',
  diff: 'diff',
  patch: 'diff',
};

/** The grammar for a file name, or null when there is none. */
export function languageForPath(path: string): string | null {
  const name = path.split('/').pop() ?? '';
  if (name === 'Dockerfile') {
    return 'dockerfile';
  }
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  return EXTENSIONS[extension] ?? null;
}

export function isRegisteredLanguage(language: string): boolean {
  return lowlight.registered(language);
}

/** `code` as highlighted React elements, or as plain text for an unknown language. */
export function HighlightedCode({ code, language }: { code: string; language: string | null }): ReactNode {
  if (!language || !lowlight.registered(language)) {
    return code;
  }
  return toJsxRuntime(lowlight.highlight(language, code), { Fragment, jsx, jsxs });
}

/**
 * A rehype plugin that highlights `<pre><code class="language-x">` blocks. It runs after
 * sanitizing, and only adds `span` elements with `hljs-*` classes.
 */
export function rehypeHighlightCode() {
  return (tree: Root) => {
    visitElements(tree, (node) => {
      if (node.tagName !== 'pre') {
        return;
      }
      const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
      if (!code) {
        return;
      }
      const classes = Array.isArray(code.properties.className) ? code.properties.className.map(String) : [];
      const language = classes.find((name) => name.startsWith('language-'))?.slice('language-'.length);
      if (!language || !lowlight.registered(language)) {
        return;
      }
      const text = code.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
      code.children = lowlight.highlight(language, text).children as Element['children'];
      code.properties.className = [...classes, 'hljs'];
    });
  };
}

function visitElements(node: Root | RootContent, visit: (element: Element) => void) {
  if (node.type === 'element') {
    visit(node);
  }
  if ('children' in node) {
    for (const child of node.children) {
      visitElements(child, visit);
    }
  }
}
