/**
 * Collects extracted text up to a number of characters. Extractors stop reading once it is
 * full (`FullError`), so a huge document costs the time to reach the cap, not to read it all.
 */
export class TextSink {
  readonly #parts: string[] = [];
  #length = 0;
  truncated = false;

  constructor(readonly maxChars: number) {}

  get full(): boolean {
    return this.truncated;
  }

  add(text: string): void {
    if (this.truncated || text.length === 0) return;
    const room = this.maxChars - this.#length;
    if (text.length > room) {
      this.#parts.push(text.slice(0, room));
      this.#length = this.maxChars;
      this.truncated = true;
      throw new FullError();
    }
    this.#parts.push(text);
    this.#length += text.length;
  }

  /** Ends a paragraph (or a row): one line break, never several in a row. */
  newline(): void {
    const last = this.#parts[this.#parts.length - 1];
    if (last === undefined || last.endsWith('\n')) return;
    this.add('\n');
  }

  /** Separates words of adjacent cells or runs that carry no space of their own. */
  space(): void {
    const last = this.#parts[this.#parts.length - 1];
    if (last === undefined || /\s$/.test(last)) return;
    this.add(' ');
  }

  text(): string {
    return this.#parts
      .join('')
      // NUL cannot be stored in PostgreSQL text; the private-use characters mark matches in snippets.
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f\ue000\ue001]/g, '')
      .replace(/[ \t\f\v\u00a0]+/g, ' ')
      .replace(/ ?\n[\s]*/g, '\n')
      .trim();
  }
}

/** Thrown by `TextSink.add` when the cap is reached; extractors catch it and stop. */
export class FullError extends Error {
  constructor() {
    super('text cap reached');
  }
}
