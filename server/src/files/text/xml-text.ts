import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FullError, type TextSink } from './text-sink.ts';

/** An XML document that is not well-formed: the file counts as corrupt. */
export class XmlCorruptError extends Error {}

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  close?(name: string, selfClosing: boolean): void;
  text?(text: string): void;
}

/**
 * Parses an XML part with saxes: no DTD processing, so no external or expanding entities (an
 * undefined entity is an error, never a fetch). A handler throwing `FullError` (the text cap)
 * ends the parse quietly; a document that is not well-formed is an `XmlCorruptError`.
 */
export function parseXml(bytes: Uint8Array, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failure: Error | null = null;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => handlers.open?.(tag.name, tag.attributes, tag.isSelfClosing));
  parser.on('closetag', (tag: SaxesTagPlain) => handlers.close?.(tag.name, tag.isSelfClosing));
  if (handlers.text) parser.on('text', handlers.text);
  const xml = new TextDecoder('utf-8').decode(bytes);
  try {
    // In slices, so that a failure stops the parse early.
    const SLICE = 1 << 20;
    for (let i = 0; i < xml.length && !failure; i += SLICE) parser.write(xml.slice(i, i + SLICE));
    if (!failure) parser.close();
  } catch (err) {
    if (err instanceof FullError) return;
    throw new XmlCorruptError(err instanceof Error ? err.message : String(err));
  }
  if (failure) throw new XmlCorruptError((failure as Error).message);
}

export interface XmlTextRules {
  /** Elements after which a line ends (paragraphs, headings, rows). */
  lineEnd: ReadonlySet<string>;
  /** Elements after which a space separates (cells, runs of separate words). */
  spaceEnd: ReadonlySet<string>;
  /** Elements that stand for a space (ODF `text:s`, `text:tab`). */
  asSpace: ReadonlySet<string>;
  /** Elements that stand for a line break. */
  asNewline: ReadonlySet<string>;
  /** Elements whose content is left out (deleted tracked changes, phonetic guides). */
  skip: ReadonlySet<string>;
  /** Only text inside these elements counts; all text when absent. */
  textIn?: ReadonlySet<string>;
}

/** The text of an XML part by element rules, into the sink; stops when the sink is full. */
export function xmlText(bytes: Uint8Array, rules: XmlTextRules, sink: TextSink): void {
  let skipDepth = 0;
  let textDepth = 0;
  parseXml(bytes, {
    open(name, _attributes, selfClosing) {
      if (skipDepth > 0 || rules.skip.has(name)) {
        if (!selfClosing) skipDepth++;
        return;
      }
      if (rules.textIn?.has(name) && !selfClosing) textDepth++;
      if (rules.asSpace.has(name)) sink.add(' ');
      else if (rules.asNewline.has(name)) sink.add('\n');
    },
    close(name, selfClosing) {
      if (skipDepth > 0) {
        if (!selfClosing) skipDepth--;
        return;
      }
      if (rules.textIn?.has(name) && !selfClosing) textDepth--;
      if (rules.lineEnd.has(name)) sink.newline();
      else if (rules.spaceEnd.has(name)) sink.space();
    },
    text(text) {
      if (skipDepth > 0 || (rules.textIn && textDepth === 0)) return;
      sink.add(text);
    },
  });
}
