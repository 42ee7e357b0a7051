import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { snippetParts } from './snippet.ts';

/**
 * A search snippet with its matches highlighted; rendered as text, never as HTML. When the
 * match is inside a file of the page (`attachment`), a line names the file the excerpt is from.
 */
export function Snippet({ snippet, className, attachment }: { snippet: string; className?: string; attachment?: { id: string; name: string } | undefined }) {
  const { t } = useTranslation();
  const parts = useMemo(() => snippetParts(snippet), [snippet]);
  const excerpt = parts.length > 0 && <p className={className ?? 'search-snippet'}>{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</p>;
  if (!attachment) return excerpt || null;
  return (
    <>
      <p className="search-result-file" data-attachment-id={attachment.id}>
        {t('search.inFile', { name: attachment.name })}
      </p>
      {excerpt}
    </>
  );
}
