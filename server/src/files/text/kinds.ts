/**
 * Which extractor reads a file, from its sniffed type (attachments.type: file-type's answer,
 * or a text type when the bytes are plain text). The name's extension only tells an encrypted
 * Office file (an OLE container, `application/x-cfb`) from a legacy .doc/.xls.
 */
export type TextKind = 'pdf' | 'docx' | 'odf' | 'xlsx' | 'html' | 'text';

const BY_TYPE: Record<string, TextKind> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odf',
  'application/vnd.oasis.opendocument.spreadsheet': 'odf',
  'application/vnd.oasis.opendocument.presentation': 'odf',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/json': 'text',
  'application/xml': 'text',
};

/** The extractor for a file, or why it has none: `encrypted` (password-protected Office) or `no-text`. */
export function textKindOf(type: string, name: string): TextKind | { skip: 'encrypted' | 'no-text' } {
  const mime = type.split(';')[0]!.trim().toLowerCase();
  const kind = BY_TYPE[mime];
  if (kind) return kind;
  // SVG is an image (its text is markup); every other text type is read as text.
  if (mime.startsWith('text/') && mime !== 'text/html') return 'text';
  // Word and Excel store password-protected OOXML files in an OLE container.
  if (mime === 'application/x-cfb' && /\.(docx|xlsx|pptx)$/i.test(name)) return { skip: 'encrypted' };
  return { skip: 'no-text' };
}
