/**
 * The JSON text of a value made only of plain data (objects, arrays, strings, finite numbers,
 * booleans, null), for keying a cache of what was compiled from it; undefined when the value holds
 * anything JSON would change or drop (a function, a class instance, an undefined, NaN), which a
 * text could not tell apart from something else. Key order counts: compilers honour it.
 */
export function contentKey(value: unknown): string | undefined {
  let plain = true;
  const text = JSON.stringify(value, function (this: unknown, key: string, converted: unknown) {
    // `converted` is after toJSON (a Date is a string by then): judge what the holder really has
    // (for the value itself, JSON's wrapper `{ "": value }`).
    if (!isPlainData((this as Record<string, unknown>)[key])) plain = false;
    return converted;
  });
  return plain ? text : undefined;
}

function isPlainData(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null || Array.isArray(value)) return true;
      const proto: unknown = Object.getPrototypeOf(value);
      return proto === Object.prototype || proto === null;
    }
    default:
      return false;
  }
}
