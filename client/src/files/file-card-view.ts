/**
 * The editor's view of a `file` node: a card with a type icon, the name, kind and size, which
 * downloads the file. The icon is decorative; the link's name says what it downloads.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { NodeView } from 'prosemirror-view';
import { attachmentHref } from '@stafette/schema';
import { fileKind, formatSize } from './upload.ts';

export interface FileCardTexts {
  download(name: string, kind: string, size: string): string;
  kind(kind: ReturnType<typeof fileKind>): string;
  locale(): string;
}

const ICONS: Record<ReturnType<typeof fileKind>, string> = {
  pdf: 'PDF',
  document: 'DOC',
  spreadsheet: 'XLS',
  presentation: 'PPT',
  image: 'IMG',
  archive: 'ZIP',
  text: 'TXT',
  other: 'DATEI',
};

export function fileCardView(texts: FileCardTexts) {
  return (node: PMNode): NodeView => {
    const { attachmentId, name, size, type } = node.attrs as { attachmentId: string; name: string; size: number; type: string };
    const kind = fileKind(type);
    const sizeText = formatSize(size, texts.locale());
    const card = document.createElement('a');
    card.className = 'file-card';
    card.href = attachmentHref(attachmentId);
    card.setAttribute('download', name);
    card.dataset.attachmentId = attachmentId;
    card.setAttribute('aria-label', texts.download(name, texts.kind(kind), sizeText));
    card.contentEditable = 'false';
    const icon = document.createElement('span');
    icon.className = `file-card-icon file-kind-${kind}`;
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = ICONS[kind];
    const label = document.createElement('span');
    label.className = 'file-card-name';
    label.textContent = name;
    const meta = document.createElement('span');
    meta.className = 'file-card-meta';
    meta.textContent = `${texts.kind(kind)} · ${sizeText}`;
    card.append(icon, label, meta);
    return { dom: card, ignoreMutation: () => true };
  };
}
