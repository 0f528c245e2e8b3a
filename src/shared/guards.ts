/**
 * Small runtime type guards for messages crossing the webview boundary. Both sides validate what they receive
 * with these before acting on it; a guard is a predicate that narrows `unknown` to the declared type.
 */

/** A predicate narrowing `unknown` to `T`. */
export type Guard<T> = (value: unknown) => value is T;

/** The type a guard narrows to. */
export type Guarded<G> = G extends Guard<infer T> ? T : never;

/** Any string. */
export const str: Guard<string> = (v): v is string => typeof v === 'string';
/** A finite number. */
export const num: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
/** A boolean. */
export const bool: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';

/** One of the listed string literals. */
export function oneOf<const L extends readonly string[]>(...literals: L): Guard<L[number]> {
  const allowed = new Set<string>(literals);
  return (v): v is L[number] => typeof v === 'string' && allowed.has(v);
}

/** `T` or null. */
export function nullable<T>(inner: Guard<T>): Guard<T | null> {
  return (v): v is T | null => v === null || inner(v);
}

/** An array whose items all pass `item`. */
export function arrayOf<T>(item: Guard<T>): Guard<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.every((x) => item(x));
}

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Shape = Record<string, Guard<unknown>>;
type OptionalKeys<S> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type RequiredKeys<S> = Exclude<keyof S, OptionalKeys<S>>;

/** The object type a shape describes (optional members may be absent). */
export type ShapeOf<S extends Shape> = { [K in RequiredKeys<S>]: Guarded<S[K]> } & {
  [K in OptionalKeys<S>]?: S[K] extends Optional<infer T> ? T : never;
};

/** A guard marked optional in an object shape: the key may be absent or undefined. */
export interface Optional<T> extends Guard<T | undefined> {
  readonly optional: true;
}

/** Marks a member of an object shape as optional. */
export function optional<T>(inner: Guard<T>): Optional<T> {
  const g = ((v: unknown): v is T | undefined => v === undefined || inner(v)) as Optional<T>;
  Object.defineProperty(g, 'optional', { value: true });
  return g;
}

/** An object with at least these members, each passing its guard (extra members are allowed). */
export function object<S extends Shape>(shape: S): Guard<ShapeOf<S>> {
  const entries = Object.entries(shape);
  return (v): v is ShapeOf<S> => isRecord(v) && entries.every(([key, guard]) => guard(v[key]));
}

/** A record whose values all pass `value`. */
export function recordOf<T>(value: Guard<T>): Guard<Record<string, T>> {
  return (v): v is Record<string, T> => isRecord(v) && Object.values(v).every((x) => value(x));
}
