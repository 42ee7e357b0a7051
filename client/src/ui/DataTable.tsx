/**
 * A table of records: its caption for screen readers, one header row, horizontal scrolling on
 * narrow screens. `actions` names a last column of row buttons (its heading is not shown).
 */
import type { ReactNode } from 'react';

interface Props {
  caption: string;
  columns: string[];
  actions?: string;
  className?: string;
  /** The rows. */
  children: ReactNode;
}

export function DataTable({ caption, columns, actions, className, children }: Props) {
  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : 'data-table'}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {actions !== undefined && (
              <th scope="col">
                <span className="visually-hidden">{actions}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
