/** The alert paragraph a form shows when submitting failed; renders nothing while there is no error. */
export function FormError({ message, className = 'form-error' }: { message: string | null | undefined; className?: 'form-error' | 'field-error' }) {
  if (!message) return null;
  return (
    <p className={className} role="alert">
      {message}
    </p>
  );
}
