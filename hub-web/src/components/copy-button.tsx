import { useState } from 'react';

/** Copies `text` to the clipboard and says so; screen readers hear the change. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }
  return (
    <button type="button" onClick={copy} aria-live="polite">
      {copied ? 'Copied' : label}
    </button>
  );
}
