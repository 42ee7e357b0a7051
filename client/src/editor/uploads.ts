/**
 * Files pasted, dropped or picked in the editor: each is uploaded to the page while a
 * placeholder with its progress stands where it will go; on success the placeholder becomes an
 * `image` node (raster images) or a `file` card. The placeholder is a decoration, not document
 * content, so nothing typed around it is touched, and its place is kept as a Yjs relative
 * position, so edits of others (which y-prosemirror applies as a whole-document replace) do not
 * move it. A failed upload stays with its reason and can be retried or discarded; one that
 * cannot reach the server waits and goes when the browser is back online.
 */
import type { Attachment } from '@stafette/api';
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { Node as PMNode } from 'prosemirror-model';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import { schema } from '@stafette/schema';
import type { TFunction } from 'i18next';
import { ApiError, problemType } from '../api/http.ts';
import { ATTACHMENT_UPLOADED, formatSize, INLINE_IMAGE_TYPES, UploadNetworkError, uploadAttachment } from '../files/upload.ts';

export type UploadStatus = 'uploading' | 'waiting' | 'failed';

interface PendingUpload {
  id: string;
  file: File;
  /** Where the result goes: a Yjs relative position, or a plain one before the document is bound. */
  at: { rel: Y.RelativePosition } | { abs: number };
  status: UploadStatus;
  progress: number;
  error: string | null;
}

/** Texts of the placeholder, in the UI language. */
export interface UploadTexts {
  uploading(name: string, percent: number): string;
  waiting(name: string): string;
  failed(name: string, reason: string): string;
  retry: string;
  discard: string;
  progressLabel(name: string): string;
  /** A readable reason for a refused upload (problem detail or a general one). */
  reason(error: unknown): string;
}

type Meta = { set: PendingUpload } | { remove: string };

export const uploadsKey = new PluginKey<Map<string, PendingUpload>>('uploads');

let serial = 0;

function ySync(state: EditorState) {
  const y = ySyncPluginKey.getState(state) as { type: Y.XmlFragment; doc: Y.Doc; binding: { mapping: Map<unknown, unknown> } | null } | undefined;
  return y?.binding ? y : null;
}

function anchorAt(state: EditorState, pos: number): PendingUpload['at'] {
  const y = ySync(state);
  return y ? { rel: absolutePositionToRelativePosition(pos, y.type, y.binding!.mapping as never) } : { abs: pos };
}

function resolveAnchor(state: EditorState, at: PendingUpload['at']): number | null {
  if ('abs' in at) return Math.min(at.abs, state.doc.content.size);
  const y = ySync(state);
  if (!y) return null;
  const pos = relativePositionToAbsolutePosition(y.doc, y.type, at.rel, y.binding!.mapping as never);
  return pos === null ? null : Math.min(pos, state.doc.content.size);
}

function placeholderDom(view: EditorView, upload: PendingUpload, texts: UploadTexts): HTMLElement {
  const box = document.createElement('span');
  box.className = `upload-placeholder upload-${upload.status}`;
  box.contentEditable = 'false';
  box.dataset.uploadStatus = upload.status;
  const label = document.createElement('span');
  label.className = 'upload-text';
  if (upload.status === 'uploading') {
    const percent = Math.round(upload.progress * 100);
    label.setAttribute('role', 'status');
    label.textContent = texts.uploading(upload.file.name, percent);
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = percent;
    bar.setAttribute('aria-label', texts.progressLabel(upload.file.name));
    box.append(bar, label);
  } else {
    label.setAttribute('role', upload.status === 'failed' ? 'alert' : 'status');
    label.textContent = upload.status === 'failed' ? texts.failed(upload.file.name, upload.error ?? '') : texts.waiting(upload.file.name);
    box.append(label);
  }
  const button = (text: string, action: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button button-ghost upload-action';
    b.textContent = text;
    b.addEventListener('click', (event) => {
      event.preventDefault();
      action();
    });
    return b;
  };
  if (upload.status === 'failed') box.append(button(texts.retry, () => managerOf(view)?.send(upload.id)));
  if (upload.status !== 'uploading') box.append(button(texts.discard, () => managerOf(view)?.discard(upload.id)));
  return box;
}

const managers = new WeakMap<EditorView, UploadManager>();
const managerOf = (view: EditorView) => managers.get(view);

/** The node an uploaded attachment becomes. */
function nodeFor(attachment: Attachment): PMNode {
  if (INLINE_IMAGE_TYPES.has(attachment.type)) return schema.nodes.image!.create({ src: attachment.url, alt: null, title: null });
  return schema.nodes.file!.create({ attachmentId: attachment.id, name: attachment.name, size: attachment.size, type: attachment.type });
}

class UploadManager {
  private readonly onOnline = () => {
    for (const upload of this.uploads().values()) if (upload.status === 'waiting') void this.send(upload.id);
  };

  constructor(
    private readonly view: EditorView,
    private readonly pageId: () => string,
    private readonly texts: () => UploadTexts,
  ) {
    window.addEventListener('online', this.onOnline);
  }

  destroy() {
    window.removeEventListener('online', this.onOnline);
  }

  private uploads() {
    return uploadsKey.getState(this.view.state) ?? new Map<string, PendingUpload>();
  }

  private update(upload: PendingUpload) {
    if (this.view.isDestroyed) return;
    this.view.dispatch(this.view.state.tr.setMeta(uploadsKey, { set: upload } satisfies Meta));
  }

  start(files: File[], pos: number) {
    for (const file of files) {
      const upload: PendingUpload = { id: `u${++serial}`, file, at: anchorAt(this.view.state, pos), status: 'uploading', progress: 0, error: null };
      this.update(upload);
      void this.send(upload.id);
    }
  }

  discard(id: string) {
    if (!this.view.isDestroyed) this.view.dispatch(this.view.state.tr.setMeta(uploadsKey, { remove: id } satisfies Meta));
  }

  async send(id: string) {
    const upload = this.uploads().get(id);
    if (!upload) return;
    if (!navigator.onLine) return this.update({ ...upload, status: 'waiting' });
    this.update({ ...upload, status: 'uploading', progress: 0, error: null });
    try {
      const attachment = await uploadAttachment(this.pageId(), upload.file, (fraction) => {
        const current = this.uploads().get(id);
        if (current) this.update({ ...current, progress: fraction });
      });
      this.insert(id, attachment);
      window.dispatchEvent(new CustomEvent(ATTACHMENT_UPLOADED, { detail: { pageId: attachment.pageId } }));
    } catch (error) {
      const current = this.uploads().get(id);
      if (!current) return;
      if (error instanceof UploadNetworkError && !navigator.onLine) this.update({ ...current, status: 'waiting' });
      else this.update({ ...current, status: 'failed', error: this.texts().reason(error) });
    }
  }

  private insert(id: string, attachment: Attachment) {
    if (this.view.isDestroyed) return;
    const upload = this.uploads().get(id);
    if (!upload) return;
    const state = this.view.state;
    const pos = resolveAnchor(state, upload.at) ?? state.selection.from;
    const node = nodeFor(attachment);
    const $pos = state.doc.resolve(pos);
    const tr = state.tr.setMeta(uploadsKey, { remove: id } satisfies Meta);
    // Inline content goes where text may stand; between blocks it gets a paragraph of its own.
    if ($pos.parent.inlineContent) tr.insert(pos, node);
    else tr.insert(pos, schema.nodes.paragraph!.create(null, node));
    this.view.dispatch(tr);
  }
}

/** Starts uploading `files` at `pos` (the selection when left out) in an editor with the uploads plugin. */
export function uploadFiles(view: EditorView, files: File[], pos?: number): boolean {
  const manager = managerOf(view);
  if (!manager || files.length === 0 || !view.editable) return false;
  let at = pos;
  if (at === undefined) {
    // What was selected is replaced by the files, as typing would replace it.
    if (!view.state.selection.empty) view.dispatch(view.state.tr.deleteSelection());
    at = view.state.selection.from;
  }
  manager.start(files, at);
  return true;
}

/** The uploads plugin: placeholders, their state, and the paste/drop of files. */
export function uploadsPlugin(options: { pageId: () => string; texts: () => UploadTexts }): Plugin {
  return new Plugin<Map<string, PendingUpload>>({
    key: uploadsKey,
    state: {
      init: () => new Map(),
      apply(tr, uploads) {
        const meta = tr.getMeta(uploadsKey) as Meta | undefined;
        if (!meta) return uploads;
        const next = new Map(uploads);
        if ('set' in meta) next.set(meta.set.id, meta.set);
        else next.delete(meta.remove);
        return next;
      },
    },
    view(view) {
      const manager = new UploadManager(view, options.pageId, options.texts);
      managers.set(view, manager);
      return { destroy: () => manager.destroy() };
    },
    props: {
      decorations(state) {
        const uploads = uploadsKey.getState(state);
        if (!uploads || uploads.size === 0) return null;
        const widgets: Decoration[] = [];
        for (const upload of uploads.values()) {
          const pos = resolveAnchor(state, upload.at);
          if (pos === null) continue;
          const key = `${upload.id}-${upload.status}-${Math.round(upload.progress * 100)}-${upload.error ?? ''}`;
          widgets.push(Decoration.widget(pos, (view) => placeholderDom(view, upload, options.texts()), { key, side: 1, ignoreSelection: true, stopEvent: () => true }));
        }
        return DecorationSet.create(state.doc, widgets);
      },
      handlePaste(view, event) {
        const files = Array.from(event.clipboardData?.files ?? []);
        // Pasted text and markup go their own way (a screenshot arrives as a file without HTML).
        if (files.length === 0 || event.clipboardData?.getData('text/html')) return false;
        return uploadFiles(view, files);
      },
      handleDrop(view, event) {
        const files = Array.from((event as DragEvent).dataTransfer?.files ?? []);
        if (files.length === 0) return false;
        event.preventDefault();
        const dropped = view.posAtCoords({ left: (event as DragEvent).clientX, top: (event as DragEvent).clientY });
        return uploadFiles(view, files, dropped?.pos ?? view.state.selection.from);
      },
    },
  });
}

const EXPLAINED = ['file-type-mismatch', 'payload-too-large', 'quota-exceeded', 'file-infected', 'image-unreadable', 'service-unavailable', 'forbidden'] as const;

/** Why an upload was refused, in the UI language, from the problem's slug and its figures. */
export function uploadErrorText(error: unknown, t: TFunction, locale: string): string {
  const slug = problemType(error);
  if (!(error instanceof ApiError) || !slug || !(EXPLAINED as readonly string[]).includes(slug)) return t('files.failedUnknown');
  const p = error.problem as Record<string, unknown>;
  const size = (key: string) => (typeof p[key] === 'number' ? formatSize(p[key], locale) : '?');
  return t(`files.reasons.${slug}`, {
    extension: String(p.extension ?? ''),
    detected: String(p.detected ?? ''),
    max: size('maxBytes'),
    remaining: size('remainingBytes'),
    size: size('size'),
    signature: String(p.signature ?? ''),
  });
}
