import { useState } from 'react';

/** A value shown whole (selectable) with a button that copies it. */
export function CopyText({ value, label }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // no clipboard API outside secure contexts (plain http on a cluster host): select instead
      const t = document.createElement('textarea');
      t.value = value;
      document.body.appendChild(t);
      t.select();
      document.execCommand('copy');
      t.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <span className="copy">
      <code className="mono">{value}</code>
      <button type="button" className="icon" onClick={copy} aria-label={`Copy ${label ?? value}`}>
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}
