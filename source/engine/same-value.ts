// When a linked record's field already holds a value: the engine writes only fields that differ,
// and undo puts back only fields still holding what ferry wrote.
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const norm = (list: unknown) => (Array.isArray(list) ? list.map((item) => String(item).toLowerCase()).sort().join('\n') : '');
    return norm(a) === norm(b);
  }
  // Emails are the same address in any case; other text is compared as written.
  if (typeof a === 'string' && typeof b === 'string') return a.includes('@') ? a.trim().toLowerCase() === b.trim().toLowerCase() : a.trim() === b.trim();
  return a === b;
}
