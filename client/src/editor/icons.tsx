/** Small line icons for the toolbar (decorative: the buttons carry the accessible names). */
import type { ReactElement } from 'react';

const svg = (children: ReactElement | ReactElement[]) => (
  <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round">
    {children}
  </svg>
);

const text = (label: string, style: Record<string, string | number> = {}) => (
  <span aria-hidden="true" className="tb-glyph" style={style}>
    {label}
  </span>
);

export const icons = {
  bold: text('B', { fontWeight: 800 }),
  italic: text('I', { fontStyle: 'italic', fontFamily: 'Georgia, serif' }),
  underline: text('U', { textDecoration: 'underline' }),
  strike: text('S', { textDecoration: 'line-through' }),
  code: svg([<path key="a" d="M7 6l-4 4 4 4" />, <path key="b" d="M13 6l4 4-4 4" />]),
  paragraph: text('¶'),
  heading: (level: number) => text(`H${level}`, { fontWeight: 700, fontSize: 13 }),
  bulletList: svg([
    <circle key="a" cx="4" cy="5.5" r="1" fill="currentColor" />,
    <circle key="b" cx="4" cy="10" r="1" fill="currentColor" />,
    <circle key="c" cx="4" cy="14.5" r="1" fill="currentColor" />,
    <path key="d" d="M8 5.5h9M8 10h9M8 14.5h9" />,
  ]),
  orderedList: svg([
    <path key="a" d="M3 4h1.5v4M3 8h3M3 12.5c0-1 3-1 3 .5 0 1-3 1.5-3 3h3" />,
    <path key="b" d="M9 5.5h8M9 10h8M9 14.5h8" />,
  ]),
  taskList: svg([<rect key="a" x="2.5" y="3.5" width="5" height="5" rx="1" />, <path key="b" d="M3.5 13.5l1.5 1.5 2.5-3" />, <path key="c" d="M10 6h7M10 14h7" />]),
  blockquote: svg([<path key="a" d="M4 5v10" />, <path key="b" d="M8 7h9M8 10h9M8 13h6" />]),
  codeBlock: svg([<rect key="a" x="2.5" y="3.5" width="15" height="13" rx="2" />, <path key="b" d="M8 8l-2 2 2 2M12 8l2 2-2 2" />]),
  horizontalRule: svg(<path d="M3 10h14" />),
  link: svg([<path key="a" d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-1 1" />, <path key="b" d="M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l1-1" />]),
  pageLink: text('[[', { fontWeight: 700, fontSize: 13 }),
  attach: svg(<path d="M14.5 9.5l-5.3 5.3a3.2 3.2 0 0 1-4.5-4.5l6-6a2.1 2.1 0 0 1 3 3l-6 6a1 1 0 0 1-1.5-1.5l5.3-5.3" />),
  photo: svg([<path key="a" d="M2.5 7a1.5 1.5 0 0 1 1.5-1.5h2l1.3-2h5.4l1.3 2h2A1.5 1.5 0 0 1 17.5 7v8a1.5 1.5 0 0 1-1.5 1.5H4A1.5 1.5 0 0 1 2.5 15z" />, <circle key="b" cx="10" cy="10.5" r="3" />]),
  altText: text('Alt', { fontWeight: 700, fontSize: 12 }),
  table: svg([<rect key="a" x="2.5" y="3.5" width="15" height="13" rx="1.5" />, <path key="b" d="M2.5 8h15M2.5 12.5h15M8 8v8.5M12.5 8v8.5" />]),
  addRowAfter: svg([<rect key="a" x="2.5" y="3.5" width="15" height="6" rx="1" />, <path key="b" d="M10 12.5v5M7.5 15h5" />]),
  addColumnAfter: svg([<rect key="a" x="2.5" y="2.5" width="6" height="15" rx="1" />, <path key="b" d="M12 10h5M14.5 7.5v5" />]),
  deleteRow: svg([<rect key="a" x="2.5" y="7" width="15" height="6" rx="1" />, <path key="b" d="M8 8.5l4 3M12 8.5l-4 3" />]),
  deleteColumn: svg([<rect key="a" x="7" y="2.5" width="6" height="15" rx="1" />, <path key="b" d="M8.5 8l3 4M11.5 8l-3 4" />]),
  toggleHeaderRow: svg([<rect key="a" x="2.5" y="3.5" width="15" height="13" rx="1.5" />, <path key="b" d="M2.5 8h15" />, <rect key="c" x="3" y="4" width="14" height="3.5" fill="currentColor" stroke="none" />]),
  deleteTable: svg([<rect key="a" x="2.5" y="3.5" width="15" height="13" rx="1.5" />, <path key="b" d="M7 7.5l6 5M13 7.5l-6 5" />]),
  undo: svg([<path key="a" d="M7 5L3.5 8.5 7 12" />, <path key="b" d="M3.5 8.5H12a4.5 4.5 0 0 1 0 9H9" />]),
  redo: svg([<path key="a" d="M13 5l3.5 3.5L13 12" />, <path key="b" d="M16.5 8.5H8a4.5 4.5 0 0 0 0 9h3" />]),
};
