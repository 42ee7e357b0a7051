/** The centred card used by the screens before sign-in (login, first-start setup). */
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../ui/FormError.tsx';

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

/** The form on such a card: its fields, what went wrong, and one wide submit button that says while it is working. */
export function AuthForm(props: { onSubmit(event: FormEvent): void; error: string | null; busy: boolean; submitLabel: string; busyLabel: string; children: ReactNode }) {
  return (
    <form onSubmit={props.onSubmit} className="auth-form">
      {props.children}
      <FormError message={props.error} />
      <button type="submit" className="button button-primary button-block" disabled={props.busy}>
        {props.busy ? props.busyLabel : props.submitLabel}
      </button>
    </form>
  );
}
