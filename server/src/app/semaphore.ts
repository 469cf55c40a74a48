/**
 * At most `max` tasks at once; the others wait in arrival order. Bounds CPU- and memory-heavy work
 * (password hashing: 19 MiB and tens of milliseconds each) so a crowd signing in together is served
 * in turn instead of starving every other request.
 */
export function createSemaphore(max: number) {
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`A semaphore needs a whole number of places ≥ 1, not ${max}.`);
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < max) running++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    /** Tasks running and waiting, for tests and diagnostics. */
    stats: () => ({ running, waiting: waiting.length }),
  };
}
export type Semaphore = ReturnType<typeof createSemaphore>;
