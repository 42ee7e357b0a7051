/**
 * Which of another instance's numbered updates a document may lack. An instance relays what it
 * accepted before its commit, so an update it relayed before this instance subscribed to the
 * document, and committed after this instance read the log, arrives by neither path. Updates
 * are numbered per document from 1 each time an instance opens it, so a number past the next
 * expected one shows such a gap; once the other instance confirms storing the missing numbers,
 * one more read of the log brings them.
 */
interface Seen {
  /** Highest number received or confirmed. */
  through: number;
  /** Highest number that may be missing (0: none). */
  lacking: number;
}

export class RelayGaps {
  readonly #origins = new Map<string, Seen>();

  /** Updates `first`..`last` of `origin` arrived. True when the log is to be read now. */
  received(origin: string, first: number, last: number): boolean {
    const seen = this.#origins.get(origin);
    if (first === 1) {
      // The other instance opened the document again: what it numbered before is stored.
      this.#origins.set(origin, { through: last, lacking: 0 });
      return (seen?.lacking ?? 0) > 0;
    }
    if (!seen) {
      this.#origins.set(origin, { through: last, lacking: first - 1 });
    } else {
      if (first > seen.through + 1) seen.lacking = first - 1;
      seen.through = Math.max(seen.through, last);
    }
    return false;
  }

  /** `origin` stored its updates numbered up to `seq`. True when one of them may be missing here, so the log is to be read again. */
  confirmed(origin: string, seq: number): boolean {
    if (seq === 0) return false;
    const seen = this.#origins.get(origin);
    if (!seen) {
      this.#origins.set(origin, { through: seq, lacking: 0 });
      return true;
    }
    if (seq > seen.through || (seen.lacking > 0 && seq >= seen.lacking)) {
      seen.through = Math.max(seen.through, seq);
      seen.lacking = 0;
      return true;
    }
    return false;
  }
}
