import { describe, expect, it } from 'vitest';
import { fileTypeOf } from './filters.ts';

describe('file kinds for the file-type filter', () => {
  it('sorts the sniffed MIME types into the kinds a clerk picks from', () => {
    expect(fileTypeOf('application/pdf')).toBe('pdf');
    expect(fileTypeOf('image/heic')).toBe('image');
    expect(fileTypeOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('spreadsheet');
    expect(fileTypeOf('text/csv')).toBe('spreadsheet');
    expect(fileTypeOf('application/vnd.oasis.opendocument.presentation')).toBe('presentation');
    expect(fileTypeOf('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('text');
    expect(fileTypeOf('text/plain')).toBe('text');
    expect(fileTypeOf('application/zip')).toBe('other');
    expect(fileTypeOf('')).toBe('other');
  });
});
