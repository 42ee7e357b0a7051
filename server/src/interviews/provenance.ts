import type { PMNodeJSON } from '@stafette/schema';
import { germanDate, type InterviewRecord, type Person } from './interview-queries.ts';

/**
 * The provenance block at the top of every published page: whose interview, who conducted it,
 * who validated the answers and when it was published. It is the first block of the page, so
 * pseudonymisation can find and rewrite the departed person's name there.
 */
export interface ProvenanceFacts {
  interview: Pick<InterviewRecord, 'subject' | 'subjectRole' | 'interviewer' | 'successor' | 'departureDate'>;
  /** Publishable answers on the page and how many of them the successor accepted (last acceptance). */
  answers: number;
  accepted: { count: number; by: Person | null; at: Date | null };
  published?: { by: string; at: Date; consentedAt: Date };
}

const text = (value: string, marks?: PMNodeJSON['marks']): PMNodeJSON => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const paragraph = (...content: PMNodeJSON[]): PMNodeJSON => ({ type: 'paragraph', content });

export function provenanceBlock(facts: ProvenanceFacts): PMNodeJSON {
  const { interview, answers, accepted, published } = facts;
  const role = interview.subjectRole ? ` (${interview.subjectRole})` : '';
  const lines: PMNodeJSON[] = [
    paragraph(
      text('Herkunft: ', [{ type: 'strong' }]),
      text(
        `Übergabegespräch mit ${interview.subject.displayName}${role}, geführt von ${interview.interviewer.displayName}; ` +
          `Ausscheiden am ${germanDate(interview.departureDate)}.`,
      ),
    ),
  ];
  if (!interview.successor) {
    lines.push(paragraph(text('Geprüft: keine Nachfolge benannt, die Antworten wurden nicht gegengelesen.')));
  } else if (answers === 1) {
    lines.push(
      paragraph(
        text(
          accepted.count === 1 && accepted.at
            ? `Geprüft: bestätigt von ${accepted.by?.displayName ?? interview.successor.displayName} (Nachfolge) am ${germanDate(accepted.at)}.`
            : `Geprüft: noch nicht von der Nachfolge (${interview.successor.displayName}) bestätigt.`,
        ),
      ),
    );
  } else {
    lines.push(paragraph(text(`Geprüft: ${accepted.count} von ${answers} Antworten bestätigt von ${interview.successor.displayName} (Nachfolge).`)));
  }
  lines.push(
    paragraph(
      text(
        published
          ? `Veröffentlicht am ${germanDate(published.at)} von ${published.by}, mit Zustimmung der ausscheidenden Person vom ${germanDate(published.consentedAt)}.`
          : 'Veröffentlichung erst nach Zustimmung der ausscheidenden Person.',
      ),
    ),
  );
  return { type: 'blockquote', content: lines };
}

/**
 * Replaces a departed person's name in a page's provenance block (its first block) by a role
 * text. Returns null when the block does not mention the name (nothing to change).
 */
export function pseudonymiseProvenance(doc: PMNodeJSON, name: string, replacement: string): PMNodeJSON | null {
  const [first, ...rest] = doc.content ?? [];
  if (!first || first.type !== 'blockquote' || name === '') return null;
  let changed = false;
  const rewrite = (node: PMNodeJSON): PMNodeJSON => {
    if (node.type === 'text' && node.text?.includes(name)) {
      changed = true;
      return { ...node, text: node.text.split(name).join(replacement) };
    }
    return node.content ? { ...node, content: node.content.map(rewrite) } : node;
  };
  const rewritten = rewrite(first);
  return changed ? { ...doc, content: [rewritten, ...rest] } : null;
}
