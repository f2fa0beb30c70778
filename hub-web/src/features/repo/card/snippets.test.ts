import { describe, expect, it } from 'vitest';
import { usageSnippets } from './snippets.ts';

describe('usageSnippets', () => {
  it('points huggingface_hub, transformers and git at this hub for a model', () => {
    const snippets = usageSnippets({ type: 'model', id: 'acme/bert' }, 'https://hub.example:8443/');

    expect(snippets.map((s) => s.title)).toEqual(['huggingface_hub', 'transformers', 'git']);
    expect(snippets[0].code).toBe(
      [
        'import os',
        'os.environ["HF_ENDPOINT"] = "https://hub.example:8443"',
        '',
        'from huggingface_hub import hf_hub_download',
        '',
        'path = hf_hub_download(repo_id="acme/bert", filename="config.json")',
      ].join('\n'),
    );
    expect(snippets[1].code).toBe(
      [
        'import os',
        'os.environ["HF_ENDPOINT"] = "https://hub.example:8443"',
        '',
        'from transformers import AutoModel, AutoTokenizer',
        '',
        'tokenizer = AutoTokenizer.from_pretrained("acme/bert")',
        'model = AutoModel.from_pretrained("acme/bert")',
      ].join('\n'),
    );
    expect(snippets[2].code).toBe('git lfs install\ngit clone https://hub.example:8443/acme/bert');
  });

  it('uses the dataset repo type and URL for a dataset', () => {
    const snippets = usageSnippets({ type: 'dataset', id: 'acme/squad' }, 'http://localhost:8080');

    expect(snippets.map((s) => s.title)).toEqual(['huggingface_hub', 'datasets', 'git']);
    expect(snippets[0].code).toContain('hf_hub_download(repo_id="acme/squad", filename="README.md", repo_type="dataset")');
    expect(snippets[1].code).toContain('load_dataset("acme/squad")');
    expect(snippets[2].code).toBe('git lfs install\ngit clone http://localhost:8080/datasets/acme/squad');
  });
});
