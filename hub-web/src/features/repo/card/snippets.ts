import type { RepoRef } from '../../../lib/repo-ref.ts';
import { webBase } from '../../../lib/repo-ref.ts';

export interface Snippet {
  title: string;
  language: 'python' | 'bash';
  code: string;
}

/**
 * "Use this model" snippets that talk to this hub: the clients read `HF_ENDPOINT` (§1.1), so
 * each snippet sets it to the page's origin before importing or running anything.
 */
export function usageSnippets(repo: RepoRef, origin: string, options: { exampleFile?: string } = {}): Snippet[] {
  const endpoint = origin.replace(/\/+$/, '');
  const file = options.exampleFile ?? (repo.type === 'dataset' ? 'README.md' : 'config.json');
  const repoTypeArg = repo.type === 'dataset' ? ', repo_type="dataset"' : '';
  const snippets: Snippet[] = [
    {
      title: 'huggingface_hub',
      language: 'python',
      code: [
        'import os',
        `os.environ["HF_ENDPOINT"] = "${endpoint}"`,
        '',
        'from huggingface_hub import hf_hub_download',
        '',
        `path = hf_hub_download(repo_id="${repo.id}", filename="${file}"${repoTypeArg})`,
      ].join('\n'),
    },
  ];
  if (repo.type === 'model') {
    snippets.push({
      title: 'transformers',
      language: 'python',
      code: [
        'import os',
        `os.environ["HF_ENDPOINT"] = "${endpoint}"`,
        '',
        'from transformers import AutoModel, AutoTokenizer',
        '',
        `tokenizer = AutoTokenizer.from_pretrained("${repo.id}")`,
        `model = AutoModel.from_pretrained("${repo.id}")`,
      ].join('\n'),
    });
  } else {
    snippets.push({
      title: 'datasets',
      language: 'python',
      code: [
        'import os',
        `os.environ["HF_ENDPOINT"] = "${endpoint}"`,
        '',
        'from datasets import load_dataset',
        '',
        `dataset = load_dataset("${repo.id}")`,
      ].join('\n'),
    });
  }
  snippets.push({
    title: 'git',
    language: 'bash',
    code: ['git lfs install', `git clone ${endpoint}${webBase(repo)}`].join('\n'),
  });
  return snippets;
}
