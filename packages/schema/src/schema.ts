/**
 * The one ProseMirror schema of a Stafette page body, shared by the browser editor and the
 * server. Names follow prosemirror-schema-basic, -list and -tables so their commands, input
 * rules and keymaps work unchanged; Stafette adds task lists, page links and step links.
 */
import { Schema, type DOMOutputSpec, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { marks as basicMarks, nodes as basicNodes } from 'prosemirror-schema-basic';
import { bulletList, listItem, orderedList } from 'prosemirror-schema-list';
import { tableNodes } from 'prosemirror-tables';
import { pageLinkAttrs, stepLinkAttrs } from './link-anchors.ts';
import { isSafeHref, isSafeImageSrc } from './urls.ts';

/** Highest heading level a page may use; deeper headings (h5, h6) are folded into it. */
export const MAX_HEADING_LEVEL = 4;

function validateHeadingLevel(value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_HEADING_LEVEL) {
    throw new RangeError(`heading level must be an integer from 1 to ${MAX_HEADING_LEVEL}, got ${String(value)}`);
  }
}

function validateOptionalString(value: unknown): void {
  if (value !== null && typeof value !== 'string') throw new RangeError(`expected a string or null, got ${typeof value}`);
}

function validateNonEmptyString(value: unknown): void {
  if (typeof value !== 'string' || value === '') throw new RangeError('expected a non-empty string');
}

function validateHref(value: unknown): void {
  if (!isSafeHref(value)) throw new RangeError(`link href must be http, https, mailto, tel or relative: ${String(value)}`);
}

const ATTACHMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validateAttachmentId(value: unknown): void {
  if (typeof value !== 'string' || !ATTACHMENT_ID.test(value)) throw new RangeError(`attachmentId must be a UUID: ${String(value)}`);
}

/** Where an attachment's bytes are served (server/src/files). */
export const attachmentHref = (attachmentId: string) => `/api/v1/attachments/${attachmentId}`;

/** The anchor attributes of a file card, for the editor DOM and the HTML export alike. */
export function fileCardAttrs(attachmentId: string, name: string, size: number, type: string): Record<string, string> {
  return {
    href: attachmentHref(attachmentId),
    class: 'file-card',
    download: '',
    'data-attachment-id': attachmentId,
    'data-name': name,
    'data-size': String(size),
    'data-type': type,
  };
}

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validateUserId(value: unknown): void {
  if (typeof value !== 'string' || !USER_ID.test(value)) throw new RangeError(`mention id must be a user id (UUID): ${String(value)}`);
}

/** The attributes of a mention, for the editor DOM and the HTML export alike. */
export function mentionAttrs(id: string): Record<string, string> {
  return { class: 'mention', 'data-mention-id': id };
}

function validateImageSrc(value: unknown): void {
  if (!isSafeImageSrc(value)) throw new RangeError(`image src must be http, https or relative: ${String(value)}`);
}

// Attributes with a null value are left out of the DOM by ProseMirror's renderer.
type DOMAttrs = Record<string, string | null>;

// h5 and h6 (from pasted HTML) become the deepest allowed level instead of being dropped.
function headingRule(level: number) {
  return { tag: `h${level}`, attrs: { level: Math.min(level, MAX_HEADING_LEVEL) } };
}

const nodes: Record<string, NodeSpec> = {
  doc: basicNodes.doc,
  paragraph: basicNodes.paragraph,
  blockquote: basicNodes.blockquote,
  horizontal_rule: basicNodes.horizontal_rule,
  heading: {
    attrs: { level: { default: 1, validate: validateHeadingLevel } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [1, 2, 3, 4, 5, 6].map(headingRule),
    toDOM: (node): DOMOutputSpec => [`h${node.attrs.level as number}`, 0],
  },
  code_block: {
    attrs: { language: { default: null, validate: validateOptionalString } },
    content: 'text*',
    marks: '',
    group: 'block',
    code: true,
    defining: true,
    parseDOM: [
      {
        tag: 'pre',
        preserveWhitespace: 'full',
        getAttrs: (dom) => ({
          language: dom.getAttribute('data-language') || languageFromClass(dom.querySelector('code')?.className ?? ''),
        }),
      },
    ],
    toDOM: (node): DOMOutputSpec => {
      const language = node.attrs.language as string | null;
      return ['pre', { 'data-language': language } satisfies DOMAttrs, ['code', language ? { class: `language-${language}` } : {}, 0]];
    },
  },
  ordered_list: { ...orderedList, content: 'list_item+', group: 'block' },
  bullet_list: { ...bulletList, content: 'list_item+', group: 'block' },
  list_item: { ...listItem, content: 'paragraph block*' },
  task_list: {
    content: 'task_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul[data-type="task_list"]', priority: 60 }],
    toDOM: (): DOMOutputSpec => ['ul', { 'data-type': 'task_list' }, 0],
  },
  task_item: {
    attrs: { checked: { default: false, validate: 'boolean' } },
    content: 'paragraph block*',
    defining: true,
    parseDOM: [
      {
        tag: 'li[data-type="task_item"]',
        priority: 60,
        getAttrs: (dom) => ({ checked: dom.getAttribute('data-checked') === 'true' }),
      },
    ],
    // The editor draws the checkbox with a node view; the DOM form carries only the state.
    toDOM: (node): DOMOutputSpec => ['li', { 'data-type': 'task_item', 'data-checked': String(node.attrs.checked === true) }, 0],
  },
  ...tableNodes({ tableGroup: 'block', cellContent: 'block+', cellAttributes: {} }),
  text: basicNodes.text,
  image: {
    inline: true,
    attrs: {
      src: { validate: validateImageSrc },
      alt: { default: null, validate: validateOptionalString },
      title: { default: null, validate: validateOptionalString },
    },
    group: 'inline',
    draggable: true,
    parseDOM: [
      {
        tag: 'img[src]',
        getAttrs: (dom) => {
          const src = dom.getAttribute('src');
          if (!isSafeImageSrc(src)) return false;
          return { src, alt: dom.getAttribute('alt'), title: dom.getAttribute('title') };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => {
      const { src, alt, title } = node.attrs as { src: string; alt: string | null; title: string | null };
      return ['img', { src: isSafeImageSrc(src) ? src : null, alt, title } satisfies DOMAttrs];
    },
  },
  /**
   * A file attached to the page (server/src/files), shown as a card: name, size and type, a
   * download link. An inline atom like an image, so it sits wherever an image may.
   */
  file: {
    inline: true,
    atom: true,
    group: 'inline',
    draggable: true,
    attrs: {
      attachmentId: { validate: validateAttachmentId },
      name: { default: '', validate: 'string' },
      size: { default: 0, validate: 'number' },
      type: { default: 'application/octet-stream', validate: 'string' },
    },
    parseDOM: [
      {
        tag: 'a[data-attachment-id]',
        priority: 60,
        getAttrs: (dom) => {
          const attachmentId = dom.getAttribute('data-attachment-id');
          if (!attachmentId || !ATTACHMENT_ID.test(attachmentId)) return false;
          return {
            attachmentId,
            name: dom.getAttribute('data-name') ?? dom.textContent ?? '',
            size: Number(dom.getAttribute('data-size')) || 0,
            type: dom.getAttribute('data-type') ?? 'application/octet-stream',
          };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => {
      const { attachmentId, name, size, type } = node.attrs as { attachmentId: string; name: string; size: number; type: string };
      return ['a', fileCardAttrs(attachmentId, name, size, type), name || attachmentId];
    },
  },
  hard_break: basicNodes.hard_break,
  /**
   * A mention of a person (`@` in the editor): stores the user id; `label` is the name when it
   * was written, shown until the client knows the current one (renames follow there).
   */
  mention: {
    inline: true,
    atom: true,
    group: 'inline',
    selectable: false,
    attrs: { id: { validate: validateUserId }, label: { default: '', validate: 'string' } },
    parseDOM: [
      {
        tag: 'span[data-mention-id]',
        getAttrs: (dom) => {
          const id = dom.getAttribute('data-mention-id');
          if (!id || !USER_ID.test(id)) return false;
          return { id, label: (dom.textContent ?? '').replace(/^@/, '') };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => ['span', mentionAttrs(node.attrs.id as string), `@${node.attrs.label as string}`],
  },
  page_link: {
    inline: true,
    atom: true,
    group: 'inline',
    attrs: {
      pageId: { validate: validateNonEmptyString },
      title: { default: '', validate: 'string' },
    },
    parseDOM: [
      {
        tag: 'a[data-page-id]',
        priority: 60,
        getAttrs: (dom) => {
          const pageId = dom.getAttribute('data-page-id');
          if (!pageId) return false;
          return { pageId, title: dom.getAttribute('data-title') ?? dom.textContent ?? '' };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => {
      const { pageId, title } = node.attrs as { pageId: string; title: string };
      return ['a', pageLinkAttrs(pageId, title), title || pageId];
    },
  },
  step_link: {
    inline: true,
    atom: true,
    group: 'inline',
    attrs: {
      processId: { validate: validateNonEmptyString },
      elementId: { validate: validateNonEmptyString },
      label: { default: '', validate: 'string' },
    },
    parseDOM: [
      {
        tag: 'a[data-process-id][data-element-id]',
        priority: 60,
        getAttrs: (dom) => {
          const processId = dom.getAttribute('data-process-id');
          const elementId = dom.getAttribute('data-element-id');
          if (!processId || !elementId) return false;
          return { processId, elementId, label: dom.getAttribute('data-label') ?? dom.textContent ?? '' };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => {
      const { processId, elementId, label } = node.attrs as { processId: string; elementId: string; label: string };
      return ['a', stepLinkAttrs(processId, elementId, label), label || elementId];
    },
  },
};

function languageFromClass(className: string): string | null {
  const match = /(?:^|\s)language-(\S+)/.exec(className);
  return match ? match[1]! : null;
}

const marks: Record<string, MarkSpec> = {
  link: {
    attrs: {
      href: { validate: validateHref },
      title: { default: null, validate: validateOptionalString },
    },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => {
          const href = dom.getAttribute('href');
          if (!isSafeHref(href)) return false;
          return { href, title: dom.getAttribute('title') };
        },
      },
    ],
    toDOM: (mark): DOMOutputSpec => {
      const { href, title } = mark.attrs as { href: string; title: string | null };
      return ['a', { href: isSafeHref(href) ? href : null, title, rel: 'noopener noreferrer nofollow' } satisfies DOMAttrs, 0];
    },
  },
  em: basicMarks.em,
  strong: basicMarks.strong,
  underline: {
    parseDOM: [{ tag: 'u' }, { style: 'text-decoration=underline' }],
    toDOM: (): DOMOutputSpec => ['u', 0],
  },
  strike: {
    parseDOM: [{ tag: 's' }, { tag: 'del' }, { tag: 'strike' }, { style: 'text-decoration=line-through' }],
    toDOM: (): DOMOutputSpec => ['s', 0],
  },
  code: basicMarks.code,
};

/** The Stafette page schema. */
export const schema = new Schema({ nodes, marks });
