import type { PrintExportFormat } from '@stafette/api';
import type { Download } from '../http/download.ts';
import { writeDocx } from './docx.ts';
import { writeOdt } from './odt.ts';
import { writePdf } from './pdf.ts';
import { MIME, type PrintDocument } from './print-document.ts';

/** The print document as a download in `format`, named `name`. */
export async function writePrint(document: PrintDocument, format: PrintExportFormat, name: string): Promise<Download> {
  const body = format === 'pdf' ? await writePdf(document) : format === 'docx' ? await writeDocx(document) : writeOdt(document);
  return { name, extension: format, contentType: MIME[format], body };
}
