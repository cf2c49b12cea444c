import { useEffect, useRef, useState } from 'react';

export interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy receiver URL"; the visible text is "Copy", then "Copied". */
  label: string;
  onError(err: unknown): void;
  className?: string;
}

const FEEDBACK_MS = 1500;

export function CopyButton({ text, label, onError, className }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy(): Promise<void> {
    if (typeof navigator === 'undefined' || !navigator.clipboard) {
      onError(new Error('The clipboard is not available in this window.'));
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
    } catch (err) {
      onError(err);
      return;
    }
    setCopied(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(false), FEEDBACK_MS);
  }

  return (
    <>
      <button
        type="button"
        className={`button button-small${copied ? ' button-done' : ''}${className ? ` ${className}` : ''}`}
        aria-label={label}
        onClick={() => void copy()}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {copied ? 'Copied to clipboard' : ''}
      </span>
    </>
  );
}
