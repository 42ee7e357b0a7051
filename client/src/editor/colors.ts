/**
 * Cursor and avatar colours. y-prosemirror ignores anything but 6-digit hex; these are dark
 * enough that white text on them meets WCAG AA (≥ 4.5:1).
 */
const PALETTE = ['#b42318', '#b54708', '#027a48', '#175cd3', '#6941c6', '#c11574', '#0e7090', '#4e5ba6', '#3b6e12', '#9e3a00', '#5925dc', '#1d5b79'];

/** A stable colour per user, so someone keeps their colour across pages and sessions. */
export function userColor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0]![0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]![0] ?? '') : '';
  return (first + last).toUpperCase();
}
