/**
 * A copy of `text` that does not keep alive the larger string it was cut from. V8 makes substrings as slices that
 * share their parent, so a 36-character customer id kept in a report bucket would keep its whole 64 KiB parse block
 * (and, over a million lines, the whole file) in memory. Anything that outlives a line is stored detached.
 */
export function detached(text: string): string {
  // Short substrings are copied by V8 already; a concatenation flattened by slice() owns its characters.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/**
 * `compute`, a pure function of a text, worked out once per distinct text: a file has a handful of charge types, terms
 * and billing plans over a million lines. Up to `limit` texts are kept (detached); beyond, each is worked out anew.
 */
export function memoByText<T>(compute: (text: string) => T, limit = 1000): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      value = compute(text);
      if (known.size < limit) known.set(detached(text), value);
    }
    return value;
  };
}

const INTERNED = new Map<string, string>();

/**
 * One shared, detached copy per distinct text: thousands of report buckets name the same few thousand customers and
 * products, and each holding its own copy would cost more than the numbers they add up.
 */
export function interned(text: string): string {
  let shared = INTERNED.get(text);
  if (shared === undefined) {
    shared = detached(text);
    if (INTERNED.size >= 500_000) INTERNED.clear();
    INTERNED.set(shared, shared);
  }
  return shared;
}
