/**
 * A plain object: `{…}` literal, `JSON.parse` output or `Object.create(null)`. Arrays, dates, class instances and
 * other exotic objects are not, so code that walks keys never walks an array's indexes or an object's internals.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
