/**
 * A field of parsed JSON that nothing vouches for (an error body, an unsigned notification):
 * undefined unless `value` is an object that has it, as `value?.[key]` would read it.
 */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}
