/**
 * Group commit: requests that arrive while the database is busy share one transaction.
 *
 * Each `add` joins the pending list; on the next turn of the event loop the pending items go to
 * `run` together (up to `maxBatch`, at most `maxConcurrent` batches at a time), and each caller's
 * promise settles with its own outcome once the batch has committed. Under no load a batch is one
 * item and the only cost is that turn of the loop; under load the per-transaction costs (BEGIN,
 * COMMIT, the WAL flush, one round trip per statement) are paid once for many requests.
 *
 * - `run` returns one outcome per item, in order: an item it refuses (a 404, a 409) fails alone.
 * - If `run` throws, no item of that batch is known to be stored, so each is run again on its own:
 *   one item that breaks a constraint never fails the requests it happened to share a batch with.
 * - Items with the same `keyOf` never share a batch; the later one waits for the next, so it reads
 *   what the earlier one wrote (two autosaves of one review stay in order).
 */
export type BatchOutcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

export function createBatcher<Item, Result>({
  run,
  keyOf,
  maxBatch = 64,
  maxConcurrent = 2,
}: {
  run: (items: Item[]) => Promise<Array<BatchOutcome<Result>>>;
  /** Items with the same key go to different batches, in order; without it, any may share. */
  keyOf?: (item: Item) => string;
  maxBatch?: number;
  maxConcurrent?: number;
}) {
  type Pending = { item: Item; resolve: (value: Result) => void; reject: (error: unknown) => void };
  let pending: Pending[] = [];
  let running = 0;
  let scheduled = false;

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  /** Takes up to maxBatch pending items with distinct keys, oldest first; the rest keep their order. */
  function take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const keys = new Set<string>();
    for (const p of pending) {
      const key = keyOf?.(p.item);
      if (batch.length < maxBatch && (key === undefined || !keys.has(key))) {
        if (key !== undefined) keys.add(key);
        batch.push(p);
      } else rest.push(p);
    }
    pending = rest;
    return batch;
  }

  function flush() {
    scheduled = false;
    while (running < maxConcurrent && pending.length > 0) {
      const batch = take();
      running += 1;
      void runBatch(batch).finally(() => {
        running -= 1;
        if (pending.length > 0) schedule();
      });
    }
  }

  async function runBatch(batch: Pending[]): Promise<void> {
    let outcomes: Array<BatchOutcome<Result>>;
    try {
      outcomes = await run(batch.map((p) => p.item));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const p of batch) await runBatch([p]);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (!outcome) p.reject(new Error('The batch returned no outcome for this item.'));
      else if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  }

  return {
    add(item: Item): Promise<Result> {
      return new Promise<Result>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        schedule();
      });
    },
    /** Items waiting for a batch, and batches running. */
    get size() {
      return { pending: pending.length, running };
    },
  };
}
