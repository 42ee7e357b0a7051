import { BpmnImportError } from './errors.ts';
import { notXml } from './decode.ts';

export const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

export interface PrescanLimits {
  maxElements: number;
  maxDepth: number;
}

export interface PrescanResult {
  elementCount: number;
  maxDepth: number;
}

const ROOT_NAME = /^<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)/;

/**
 * One linear pass over the text before any parser sees it: refuses DTDs (the only way to
 * declare entities, so this rules out entity expansion and external entities), checks that the
 * root is BPMN's <definitions>, and counts elements and nesting depth against the limits.
 * It only looks at markup boundaries; well-formedness is left to the parser.
 */
export function prescan(text: string, limits: PrescanLimits): PrescanResult {
  const length = text.length;
  let pos = 0;
  while (pos < length && isSpace(text.charCodeAt(pos))) pos++;
  if (text.charCodeAt(pos) !== 0x3c /* < */) throw notXml();

  let count = 0;
  let depth = 0;
  let deepest = 0;
  let rootSeen = false;

  for (;;) {
    const open = text.indexOf('<', pos);
    if (open === -1) break;
    const next = text.charCodeAt(open + 1);

    if (next === 0x3f /* ? */) {
      pos = skipPast(text, '?>', open + 2);
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', open)) {
        pos = skipPast(text, '-->', open + 4);
      } else if (text.startsWith('<![CDATA[', open)) {
        pos = skipPast(text, ']]>', open + 9);
      } else {
        // <!DOCTYPE, <!ENTITY, <!ELEMENT, <!ATTLIST ...: any DTD markup.
        throw new BpmnImportError(
          'doctype-forbidden',
          'The file contains a document type (DOCTYPE) or entity declaration. BPMN files never need one, ' +
            'and they are refused because they can expand entities or read external files.',
        );
      }
      continue;
    }
    if (next === 0x2f /* / */) {
      depth--;
      pos = open + 2;
      continue;
    }

    const end = tagEnd(text, open + 1);
    if (end === -1) throw notXml();
    count++;
    if (count > limits.maxElements) {
      throw new BpmnImportError(
        'too-many-elements',
        `The file has more than ${limits.maxElements} XML elements, the most a process model may have.`,
      );
    }
    if (!rootSeen) {
      rootSeen = true;
      checkRoot(text.slice(open, end + 1));
    }
    if (text.charCodeAt(end - 1) !== 0x2f /* / */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (depth > limits.maxDepth) {
          throw new BpmnImportError(
            'too-deep',
            `The file nests XML elements more than ${limits.maxDepth} levels deep, more than a process model may.`,
          );
        }
      }
    }
    pos = end + 1;
  }

  if (!rootSeen) throw notXml();
  return { elementCount: count, maxDepth: deepest };
}

function skipPast(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  if (at === -1) throw notXml();
  return at + terminator.length;
}

/** Index of the `>` closing the tag that starts before `from`, skipping quoted attribute values. */
function tagEnd(text: string, from: number): number {
  const length = text.length;
  let quote = 0;
  for (let i = from; i < length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e /* > */) {
      return i;
    }
  }
  return -1;
}

function checkRoot(tag: string): void {
  const name = ROOT_NAME.exec(tag);
  if (!name) throw notXml();
  const prefix = name[1];
  const local = name[2];
  const declaration = new RegExp(`\\sxmlns${prefix ? ':' + prefix.replace(/\./g, '\\.') : ''}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  const namespace = declaration ? (declaration[1] ?? declaration[2]) : undefined;
  if (local !== 'definitions' || namespace !== BPMN_MODEL_NS) {
    throw new BpmnImportError(
      'not-bpmn',
      `The file is XML but not a BPMN 2.0 model: its root element must be <definitions> in the namespace ${BPMN_MODEL_NS}.`,
    );
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff;
}
