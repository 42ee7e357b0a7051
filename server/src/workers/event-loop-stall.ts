/**
 * How long the event loop was held at most while `work` ran (sampled every 10 ms). The pool
 * tests measure with it that work sent to a worker leaves the loop free.
 */
export async function longestStall<T>(work: Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    return { result: await work, stallMs };
  } finally {
    clearInterval(timer);
  }
}
