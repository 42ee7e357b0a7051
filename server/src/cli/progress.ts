/** A one-line progress bar on a TTY; plain percentage lines otherwise (CI logs). */
export class Progress {
  #done = 0;
  #lastPrinted = -1;

  constructor(
    readonly label: string,
    readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(n = 1): void {
    this.#done += n;
    const pct = this.total === 0 ? 100 : Math.floor((this.#done / this.total) * 100);
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.#done}/${this.total}`);
    } else if (pct >= this.#lastPrinted + 10 || this.#done === this.total) {
      this.out.write(`${this.label}: ${this.#done}/${this.total} (${pct}%)\n`);
      this.#lastPrinted = pct;
    }
  }

  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
