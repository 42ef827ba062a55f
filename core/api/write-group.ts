/** Writes a group of items, answering each in the order given. */
export type GroupWrite<T, R> = (items: T[]) => Promise<R[]>;

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: items submitted while a write is out wait for the next one and go out together,
 * so under load many callers share one transaction (and one disk sync) instead of each queueing
 * for a connection through its own. Alone, an item is written at once: nothing waits on a timer,
 * so no item waits longer than the write ahead of it.
 *
 * With `key`, two items of one key never share a write: the later waits for a later write, in the
 * order submitted, so the last one submitted is the last one written.
 */
export class WriteGroup<T, R> {
  readonly #write: GroupWrite<T, R>;
  readonly #most: number;
  readonly #key: ((item: T) => string) | undefined;
  #queue: Waiting<T, R>[] = [];
  #draining: Promise<void> | null = null;

  constructor(write: GroupWrite<T, R>, opts: { most: number; key?: (item: T) => string }) {
    this.#write = write;
    this.#most = opts.most;
    this.#key = opts.key;
  }

  /** Resolves with the item's own result once the write that carried it is done. */
  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Waits for every item submitted so far (shutdown). */
  async settled(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length) {
      const group = this.#take();
      try {
        const results = await this.#write(group.map((g) => g.item));
        group.forEach((g, i) => g.resolve(results[i]));
      } catch (err) {
        for (const g of group) g.reject(err);
      }
    }
    // In the same step as the empty queue was seen: an item submitted from now on starts a new drain.
    this.#draining = null;
  }

  /** The next group, in submission order; items whose key is already in it stay queued, in order. */
  #take(): Waiting<T, R>[] {
    if (!this.#key) return this.#queue.splice(0, this.#most);
    const group: Waiting<T, R>[] = [];
    const left: Waiting<T, R>[] = [];
    const keys = new Set<string>();
    for (const entry of this.#queue) {
      const key = this.#key(entry.item);
      (group.length < this.#most && !keys.has(key) ? group : left).push(entry);
      keys.add(key);
    }
    this.#queue = left;
    return group;
  }
}
