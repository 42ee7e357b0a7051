/** The centred card used by the screens before sign-in (login, first-start setup). */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function AuthLayout({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth">
      <main className="auth-card" id="main">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <div>
            <p className="auth-name">{t('app.name')}</p>
            <p className="auth-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <h1>{title}</h1>
        <p className="muted">{intro}</p>
        {children}
      </main>
    </div>
  );
}
