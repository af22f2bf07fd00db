/** Groups an async stream into arrays of at most `size` items. */
export async function* batches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Maps batches concurrently (at most `inFlight` at once) and yields the results in input order.
 * Bounded in-flight work is what keeps memory flat on a library of any size.
 */
export async function* mapOrdered<T, R>(
  input: AsyncIterable<T[]>,
  inFlight: number,
  work: (batch: T[]) => Promise<R[]>,
): AsyncGenerator<R> {
  const pending: Promise<R[]>[] = [];
  for await (const batch of input) {
    const task = work(batch);
    task.catch(() => undefined); // observed when its turn comes; avoids an unhandled-rejection crash meanwhile
    pending.push(task);
    if (pending.length >= inFlight) yield* await pending.shift()!;
  }
  while (pending.length > 0) yield* await pending.shift()!;
}
