// Where each extracted value came from. Every event draft, person and organisation carries a note
// per slot ("clause", "setting", "pair", ...); confidence.ts turns the notes into calibrated
// probabilities that a value is right.
export type Why = Record<string, string>;

/** Records the source of a slot's value, only when the value was just set and not noted before. */
export function note(why: Why, slot: string, kind: string, value: unknown): void {
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return;
  why[slot] ??= kind;
}
