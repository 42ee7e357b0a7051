import { useMemo } from 'react';
import { snippetParts } from './snippet.ts';

/** A search snippet with its matches highlighted; rendered as text, never as HTML. */
export function Snippet({ snippet, className }: { snippet: string; className?: string }) {
  const parts = useMemo(() => snippetParts(snippet), [snippet]);
  if (parts.length === 0) return null;
  return <p className={className ?? 'search-snippet'}>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</p>;
}
