// Values that never change once made, by identity: the compiled response serialisers (http/serialize.ts)
// write each such object once per schema and reuse the JSON text for every later response.
//
// Only a deeply frozen object may be registered: the object itself and every object or array it holds
// (strings, numbers, booleans and null are immutable anyway). `constant` checks that as it registers.

const registered = new WeakSet<object>();

function deeplyFrozen(v: unknown): boolean {
  if (v === null || typeof v !== "object") return typeof v !== "function";
  return Object.isFrozen(v) && Object.values(v).every(deeplyFrozen);
}

/** Registers `value` (deeply frozen: checked) as a constant and returns it. */
export function constant<T extends object>(value: T): T {
  if (!deeplyFrozen(value)) throw new Error("only a deeply frozen value can be a constant");
  registered.add(value);
  return value;
}

/** Whether `value` was registered by `constant`. */
export function isConstant(value: unknown): boolean {
  return typeof value === "object" && value !== null && registered.has(value);
}

/** The set itself, for compiled code that looks values up without a call of its own. */
export const constants: { has(value: object): boolean } = registered;
