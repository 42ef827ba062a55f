/**
 * The last `size` values computed from a key, for work that is a pure function of the key (a QR
 * code of a URL, the bars of a digit string): the key is the whole input, so a hit can never be
 * out of date. The least recently used entry goes first when full.
 */
export function recentCache<V>(size: number, compute: (key: string) => V): (key: string) => V {
  const entries = new Map<string, V>();
  return (key) => {
    const hit = entries.get(key);
    if (hit !== undefined) {
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = compute(key);
    entries.set(key, value);
    if (entries.size > size) entries.delete(entries.keys().next().value!);
    return value;
  };
}
