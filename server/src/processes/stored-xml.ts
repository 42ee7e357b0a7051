import { BpmnImportError, decodeXml } from '@stafette/bpmn';

const ENCODING_DECLARATION = /^(<\?xml\s[^>]{0,300}?\bencoding\s*=\s*)(["'])[^"']*\2/;

/**
 * The text stored for an accepted upload: decoded the way the parser decoded it, without a
 * BOM. The database keeps text as UTF-8, so a declaration naming another encoding (ISO-8859-1,
 * windows-1252, UTF-16) is rewritten to UTF-8; otherwise the downloaded file would lie about
 * its bytes.
 */
export function storedXml(bytes: Uint8Array): string {
  const { text, encoding } = decodeXml(bytes);
  // XML 1.0 forbids NUL, and PostgreSQL text cannot hold it.
  if (text.includes('\u0000')) throw new BpmnImportError('not-xml', 'The file contains NUL characters, which XML does not allow.');
  return encoding === 'utf-8' ? text : text.replace(ENCODING_DECLARATION, '$1$2UTF-8$2');
}
