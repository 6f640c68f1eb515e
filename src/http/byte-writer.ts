// A read's answer written as UTF-8 bytes into one reused buffer, by code compiled from its JSON
// Schema, instead of as a string built by concatenation (fast-json-stringify): each `json += …`
// of fast-json-stringify's code makes a rope node, and a short piece a copy, so a broad page of 50
// documents (~39 KB of JSON) allocated ~110 KB of strings before it was flattened and copied out.
// Here the bytes are stored one by one (plain ASCII text, the common case, has no escape to make),
// and the only allocation per answer is the Buffer it leaves in.
//
// The bytes must be fast-json-stringify's, exactly. The writer covers the schemas' valid values
// only, in the forms the routes' schemas have (after serialize.ts's forWriting): objects with their
// properties (required ones first, as fast-json-stringify orders them), arrays, strings, finite
// numbers, booleans, null, nullable, const, enum, `if`/`then`/`else` on one constant property, and
// `anyOf` of options it can tell apart itself. Anything else in a value (a null where a string is
// expected, a Date, a missing required property, an object with toJSON…) makes the writer give up
// on that answer, and fast-json-stringify writes it, coercions and errors included; a schema with
// another keyword compiles to null (fast-json-stringify alone). Strings are written as
// JSON.stringify writes them, which is what fast-json-stringify writes for any string.
// While tests run, every answer is written both ways and compared byte for byte (serialize.ts).
import { constants } from "../domain/constants.ts";

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keywords that say nothing about what is written (validation only, or documentation). */
const IGNORED = new Set(["$schema", "description", "title", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "examples", "$comment"]);
const KNOWN = new Set([...IGNORED, "type", "properties", "required", "additionalProperties", "items", "nullable", "const", "enum", "if", "then", "else", "anyOf"]);

class Unsupported extends Error {}

/** The writer's source: one function per object and array, the rest inline. */
class Gen {
  fns: string[] = [];
  lits = new Map<string, string>();
  n = 0;

  /** Code that writes `text`: short text byte by byte in place, longer text copied from a constant array. */
  lit(text: string): string {
    const b = [...Buffer.from(text, "utf8")];
    if (b.length <= 16) return `{ if (P + ${b.length} > B.length) grow(${b.length}); ${b.map((x, i) => `B[P${i ? ` + ${i}` : ""}] = ${x};`).join(" ")} P += ${b.length}; }`;
    let name = this.lits.get(text);
    if (!name) this.lits.set(text, name = `L${this.lits.size}`);
    return `lit(${name});`;
  }

  /** Code that writes `v` (a variable name) as `s` says. */
  value(s: unknown, v: string): string {
    if (!isObject(s)) throw new Unsupported("a schema that is not an object");
    for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Unsupported(k);
    if (s.if !== undefined) return this.ifThenElse(s, v);
    if (s.then !== undefined || s.else !== undefined) throw new Unsupported("then/else without if");
    if (s.anyOf !== undefined) return this.anyOf(s, v);
    let code = this.typed(s, v);
    if (s.nullable === true) code = `if (${v} === null) ${this.lit("null")} else { ${code} }`;
    else if (s.nullable !== undefined && s.nullable !== false) throw new Unsupported("nullable");
    return code;
  }

  private typed(s: Schema, v: string): string {
    const type = s.type;
    if (s.const !== undefined) {
      // fast-json-stringify writes the constant whatever the value (a null first, for a type that admits it).
      const text = JSON.stringify(s.const);
      return Array.isArray(type) && type.includes("null") ? `if (${v} === null) ${this.lit("null")} else ${this.lit(text)}` : this.lit(text);
    }
    if (Array.isArray(type)) {
      const types = type as unknown[];
      if (types.length !== 2 || !types.includes("null")) throw new Unsupported(`type ${JSON.stringify(type)}`);
      const other = types.find((t) => t !== "null");
      return `if (${v} === null) ${this.lit("null")} else { ${this.single(s, other, v)} }`;
    }
    return this.single(s, type, v);
  }

  private single(s: Schema, type: unknown, v: string): string {
    switch (type) {
      case "string": return `str(${v});`;
      case "number": return `num(${v});`;
      case "integer": return `int(${v});`;
      case "boolean": return `bool(${v});`;
      // fast-json-stringify writes null whatever the value (a withheld reference's id).
      case "null": return this.lit("null");
      case "object": return `${this.object(s)}(${v});`;
      case "array": return `${this.array(s)}(${v});`;
      default: throw new Unsupported(`type ${JSON.stringify(type)}`);
    }
  }

  private object(s: Schema): string {
    if (s.additionalProperties !== undefined && s.additionalProperties !== false) throw new Unsupported("additionalProperties");
    if (s.enum !== undefined) throw new Unsupported("enum of objects");
    const props = (s.properties ?? {}) as Record<string, unknown>;
    if (!isObject(props)) throw new Unsupported("properties");
    const required = (s.required ?? []) as string[];
    if (!Array.isArray(required) || required.some((k) => !(k in props))) throw new Unsupported("required");
    // Required properties first, each group in the schema's order (fast-json-stringify's stable sort).
    const keys = Object.keys(props).sort((a, b) => Number(required.includes(b)) - Number(required.includes(a)));
    const name = `w${this.n++}`;
    let body = "";
    const firstRequired = keys.length > 0 && required.includes(keys[0]!);
    if (keys.length === 0) body += this.lit("{}");
    else if (firstRequired) {
      keys.forEach((k, i) => {
        const x = `x${i}`;
        body += `const ${x} = o[${JSON.stringify(k)}];\n`;
        const write = `${this.lit(`${i === 0 ? "{" : ","}${JSON.stringify(k)}:`)} ${this.value(props[k], x)}`;
        body += required.includes(k) ? `if (${x} === undefined) throw FB;\n${write}\n` : `if (${x} !== undefined) { ${write} }\n`;
      });
      body += this.lit("}");
    } else {
      body += "let more = false;\n";
      keys.forEach((k, i) => {
        const x = `x${i}`;
        body += `const ${x} = o[${JSON.stringify(k)}];\nif (${x} !== undefined) { if (more) ${this.lit(`,${JSON.stringify(k)}:`)} else { more = true; ${this.lit(`{${JSON.stringify(k)}:`)} } ${this.value(props[k], x)} }\n`;
      });
      body += `if (more) ${this.lit("}")} else ${this.lit("{}")}`;
    }
    this.fns.push(`function ${name}(o) {
  if (typeof o !== "object" || o === null || Array.isArray(o) || typeof o.toJSON === "function") throw FB;
  if (constants.has(o)) { kept(${name}$, ${name}$kept, o); return; }
  ${name}$(o);
}
const ${name}$kept = new WeakMap();
function ${name}$(o) {
${body}
}`);
    return name;
  }

  private array(s: Schema): string {
    if (!isObject(s.items)) throw new Unsupported("items");
    const name = `w${this.n++}`;
    this.fns.push(`function ${name}(a) {
  if (!Array.isArray(a)) throw FB;
  if (constants.has(a)) { kept(${name}$, ${name}$kept, a); return; }
  ${name}$(a);
}
const ${name}$kept = new WeakMap();
function ${name}$(a) {
  ${this.lit("[")}
  for (let i = 0; i < a.length; i++) {
    if (i > 0) ${this.lit(",")}
    const e = a[i];
    ${this.value(s.items, "e")}
  }
  ${this.lit("]")}
}`);
    return name;
  }

  /** `if` one required constant property (serialize.ts's discriminated unions), decided here as ajv would. */
  private ifThenElse(s: Schema, v: string): string {
    if (Object.keys(s).some((k) => k !== "if" && k !== "then" && k !== "else")) throw new Unsupported("if beside other keywords");
    const cond = s.if;
    if (!isObject(cond) || cond.type !== "object" || !isObject(cond.properties) || Object.keys(cond).some((k) => !["type", "properties", "required"].includes(k))) throw new Unsupported("if");
    const keys = Object.keys(cond.properties);
    const key = keys[0];
    const c = key === undefined ? undefined : (cond.properties[key] as Schema);
    if (keys.length !== 1 || !isObject(c) || Object.keys(c).length !== 1 || c.const === undefined || (c.const !== null && typeof c.const === "object") || JSON.stringify(cond.required) !== JSON.stringify([key])) throw new Unsupported("if");
    const test = `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}) && ${v}[${JSON.stringify(key)}] === ${JSON.stringify(c.const)})`;
    if (s.then === undefined || s.else === undefined) throw new Unsupported("if without then and else");
    return `if ${test} { ${this.value(s.then, v)} } else { ${this.value(s.else, v)} }`;
  }

  /** Options told apart by a simple test (a constant, a type, an array of strings), the first that fits written. */
  private anyOf(s: Schema, v: string): string {
    if (Object.keys(s).some((k) => k !== "anyOf" && !IGNORED.has(k))) throw new Unsupported("anyOf beside other keywords");
    const options = s.anyOf;
    if (!Array.isArray(options) || options.length === 0) throw new Unsupported("anyOf");
    let code = "";
    for (const o of options) {
      code += `if (${this.fits(o, v)}) { ${this.value(o, v)} } else `;
    }
    return `${code}throw FB;`;
  }

  /** A test that `v` fits option `o`, as ajv decides it, for the few forms written here. */
  private fits(o: unknown, v: string): string {
    if (!isObject(o) || Object.keys(o).some((k) => !["type", "const", "items"].includes(k) && !IGNORED.has(k))) throw new Unsupported("an anyOf option");
    const typeTest = (t: unknown): string => {
      switch (t) {
        case "string": return `typeof ${v} === "string"`;
        case "number": return `(typeof ${v} === "number" && Number.isFinite(${v}))`;
        case "boolean": return `typeof ${v} === "boolean"`;
        case "null": return `${v} === null`;
        case "array": {
          const items = o.items;
          if (!isObject(items) || Object.keys(items).length !== 1 || !["string", "boolean"].includes(items.type as string)) throw new Unsupported("an anyOf array");
          return `(Array.isArray(${v}) && ${v}.every((e) => typeof e === ${JSON.stringify(items.type)}))`;
        }
        default: throw new Unsupported("an anyOf option's type");
      }
    };
    if (o.const !== undefined) {
      if (o.const !== null && typeof o.const === "object") throw new Unsupported("an object constant");
      return `${v} === ${JSON.stringify(o.const)}${o.type !== undefined ? ` && ${typeTest(o.type)}` : ""}`;
    }
    if (o.items !== undefined && o.type !== "array") throw new Unsupported("items without array");
    return typeTest(o.type);
  }
}

/** The runtime every compiled writer shares: one growing buffer, written from the start for each answer. */
const RUNTIME = `
const FB = fallback;
let B = Buffer.allocUnsafeSlow(1 << 16);
let P = 0;
function grow(n) {
  let size = B.length * 2;
  while (size < P + n) size *= 2;
  const next = Buffer.allocUnsafeSlow(size);
  B.copy(next, 0, 0, P);
  B = next;
}
function lit(bytes) {
  const n = bytes.length;
  if (P + n > B.length) grow(n);
  B.set(bytes, P);
  P += n;
}
function str(s) {
  if (typeof s !== "string") throw FB;
  const n = s.length;
  if (P + n + 2 > B.length) grow(n + 2);
  let p = P;
  B[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || c === 34 || c === 92) { escaped(s); return; }
    B[p++] = c;
  }
  B[p++] = 34;
  P = p;
}
function escaped(s) {
  const json = JSON.stringify(s);
  const n = Buffer.byteLength(json, "utf8");
  if (P + n > B.length) grow(n);
  P += B.utf8Write(json, P);
}
function ascii(s) {
  const n = s.length;
  if (P + n > B.length) grow(n);
  for (let i = 0; i < n; i++) B[P + i] = s.charCodeAt(i);
  P += n;
}
function num(v) {
  if (typeof v !== "number" || !Number.isFinite(v)) throw FB;
  ascii("" + v);
}
function int(v) {
  if (!Number.isInteger(v)) throw FB;
  ascii("" + v);
}
function bool(v) {
  if (P + 5 > B.length) grow(5);
  if (v === true) { B[P] = 116; B[P + 1] = 114; B[P + 2] = 117; B[P + 3] = 101; P += 4; }
  else if (v === false) { B[P] = 102; B[P + 1] = 97; B[P + 2] = 108; B[P + 3] = 115; B[P + 4] = 101; P += 5; }
  else throw FB;
}
function kept(write, cache, o) {
  let bytes = cache.get(o);
  if (bytes === undefined) {
    const start = P;
    write(o);
    cache.set(o, bytes = Uint8Array.prototype.slice.call(B, start, P));
    return;
  }
  lit(bytes);
}
`;

/** Given up: the value is not one this writer covers (fast-json-stringify writes it). */
const fallback = Object.freeze({ fallback: true });

/**
 * A writer of `schema`'s values as UTF-8 bytes (a Buffer of `bytesFrom` bytes or more, else a
 * string of them), or null when the schema has a form it does not cover. The writer answers null
 * for a value it gives up on (see the head of this file).
 */
export function compileBytes(schema: Record<string, unknown>, bytesFrom: number): ((data: unknown) => Buffer | string | null) | null {
  const gen = new Gen();
  let root: string;
  try {
    root = gen.value(schema, "data");
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  const lits = [...gen.lits].map(([text, name]) => `const ${name} = new Uint8Array(${JSON.stringify([...Buffer.from(text, "utf8")])});`).join("\n");
  const code = `${RUNTIME}\n${lits}\n${gen.fns.join("\n")}
return function write(data) {
  P = 0;
  try {
    ${root}
  } catch {
    // Given up (FB), or the value threw (a getter): fast-json-stringify writes it, or throws its own error.
    return null;
  }
  if (P < ${bytesFrom}) return B.utf8Slice(0, P);
  const out = Buffer.allocUnsafeSlow(P);
  B.copy(out, 0, 0, P);
  if (B.length > ${1 << 20}) B = Buffer.allocUnsafeSlow(1 << 16);
  return out;
};`;
  return new Function("Buffer", "constants", "fallback", code)(Buffer, constants, fallback) as (data: unknown) => Buffer | string | null;
}
