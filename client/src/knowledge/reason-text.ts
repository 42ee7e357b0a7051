/** A reason as a short sentence in the interface language (the server's `text` is German only). */
import type { TFunction } from 'i18next';
import type { RiskReason } from '@stafette/api';

export function reasonText(reason: RiskReason, t: TFunction): string {
  const share = Math.round((reason.share ?? 0) * 100);
  switch (reason.code) {
    case 'no-pages':
      return t('knowledge.reason.no-pages');
    case 'few-pages':
      return t('knowledge.reason.few-pages', { count: reason.pageCount ?? 1 });
    case 'stale-pages':
      return t('knowledge.reason.stale-pages', { days: reason.days ?? 0 });
    case 'expert-leaving':
      return t('knowledge.reason.expert-leaving', { name: reason.displayName, days: reason.daysLeft ?? 0, share });
    case 'expert-left':
      return t('knowledge.reason.expert-left', { name: reason.displayName, share });
    case 'single-expert':
      return t('knowledge.reason.single-expert', { name: reason.displayName });
  }
}
