import type { MigrationFormat } from '@stafette/api';
import type { ArchiveFile } from './archive.ts';
import { readBookStackExport } from './bookstack-source.ts';
import { readConfluenceExport } from './confluence-source.ts';
import { readMarkdownExport } from './markdown-source.ts';
import type { SourceExport } from './source.ts';

/** The reader for each export format. */
export function readExport(format: MigrationFormat, files: ArchiveFile[]): SourceExport {
  switch (format) {
    case 'markdown':
      return readMarkdownExport(files);
    case 'confluence':
      return readConfluenceExport(files);
    case 'bookstack':
      return readBookStackExport(files);
  }
}
