/**
 * A line diff with changed words marked. Colour is never the only signal: added and removed
 * lines carry a sign and a hidden word for screen readers, and use <ins>/<del>.
 */
import { useTranslation } from 'react-i18next';
import type { Diff } from '@stafette/api';

export function DiffView({ diff, label }: { diff: Diff; label: string }) {
  const { t } = useTranslation();
  if (diff.identical) return <p className="muted">{t('history.identical')}</p>;
  return (
    <div className="diff" role="region" aria-label={label}>
      <p className="diff-summary">{t('history.summary', { added: diff.added, removed: diff.removed })}</p>
      {diff.coarse && <p className="diff-summary diff-coarse">{t('history.coarse')}</p>}
      <ol className="diff-lines">
        {diff.lines.map((line, index) => {
          if (line.op === 'equal') {
            return (
              <li key={index} className="diff-line diff-equal">
                <span className="diff-sign" aria-hidden="true">
                  {' '}
                </span>
                <span>{line.text || '\u00a0'}</span>
              </li>
            );
          }
          const Tag = line.op === 'insert' ? 'ins' : 'del';
          return (
            <li key={index} className={`diff-line diff-${line.op}`}>
              <span className="diff-sign" aria-hidden="true">
                {line.op === 'insert' ? '+' : '−'}
              </span>
              <Tag>
                <span className="visually-hidden">{line.op === 'insert' ? t('history.inserted') : t('history.deleted')} </span>
                {line.words
                  ? line.words.map((word, i) =>
                      word.op === 'equal' ? <span key={i}>{word.text}</span> : <mark key={i} className={`diff-word-${word.op}`}>{word.text}</mark>,
                    )
                  : line.text || '\u00a0'}
              </Tag>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
