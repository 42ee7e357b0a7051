/** Where a screen sits: links up the way to it, then its own name (marked as the current page). */
import { Link } from 'react-router';

export function Breadcrumbs({ label, trail, current }: { label: string; trail: { to: string; label: string }[]; current: string }) {
  return (
    <nav aria-label={label} className="breadcrumbs">
      <ol>
        {trail.map((step) => (
          <li key={step.to}>
            <Link to={step.to}>{step.label}</Link>
          </li>
        ))}
        <li>
          <span aria-current="page">{current}</span>
        </li>
      </ol>
    </nav>
  );
}
