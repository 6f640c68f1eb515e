// Minimum indigenous content by acquisition category, as versioned data (SPEC 5): the rules
// change between procedure editions, and a programme keeps the table version it was let under.
import { invalid } from "../../domain/errors.ts";
import type { Conn } from "../../store/db.ts";
import type { Reader, Writer } from "../../store/reader.ts";
import type { IcThresholdTable } from "../../store/schema.ts";

export interface IcThreshold {
  tableVersion: string;
  category: string;
  minPercent: number;
  basis: string;
  effectiveFrom: string;
}

const BASE = "of base contract price";

/** DAP 2020, Chapter I: minimum IC per category. */
const DAP_2020: [category: string, minPercent: number, basis: string][] = [
  ["buy_indian_iddm", 50, BASE],
  ["buy_indian_indian_design", 50, BASE],
  ["buy_indian", 60, BASE],
  ["buy_and_make_indian", 50, "of Make portion"],
  ["buy_global_manufacture_in_india", 50, "of Buy plus Make"],
  ["buy_global_indian_vendor", 30, BASE],
  ["make_i", 50, BASE],
];

/** The 2026 draft raises IDDM to 60% and keeps the rest of DAP 2020. */
const DAP_2026_DRAFT = DAP_2020.map(([c, p, b]): [string, number, string] => (c === "buy_indian_iddm" ? [c, 60, b] : [c, p, b]));

export const IC_TABLES: { version: string; effectiveFrom: string; rows: [string, number, string][] }[] = [
  { version: "DAP-2020", effectiveFrom: "2020-10-01", rows: DAP_2020 },
  { version: "DAP-2026-draft", effectiveFrom: "2026-01-01", rows: DAP_2026_DRAFT },
];

/** Idempotent: rows already present (or edited by an administrator) are left alone. */
export async function seedIcThresholds(conn: Conn): Promise<void> {
  for (const t of IC_TABLES) {
    await conn.insertInto("ic_thresholds")
      .values(t.rows.map(([category, min_percent, basis]) => ({ table_version: t.version, category, min_percent, basis, effective_from: t.effectiveFrom })))
      .onConflict((oc) => oc.columns(["table_version", "category"]).doNothing())
      .execute();
  }
}

const toThreshold = (r: IcThresholdTable): IcThreshold =>
  ({ tableVersion: r.table_version, category: r.category, minPercent: Number(r.min_percent), basis: r.basis, effectiveFrom: r.effective_from });

export async function listThresholds(reader: Reader): Promise<IcThreshold[]> {
  const rows = await reader.reference("ic_thresholds").selectAll().orderBy("effective_from").orderBy("table_version").orderBy("category").execute();
  return rows.map(toThreshold);
}

export const thresholdKey = (version: string, category: string) => `${version}\u0000${category}`;

/** The thresholds of the given (version, category) pairs, keyed by `thresholdKey`. */
export async function thresholdsFor(reader: Reader, pairs: { version: string; category: string }[]): Promise<Map<string, IcThreshold>> {
  const versions = [...new Set(pairs.map((p) => p.version))];
  if (!versions.length) return new Map();
  const rows = await reader.reference("ic_thresholds").selectAll().where("table_version", "in", versions).execute();
  return new Map(rows.map((r) => [thresholdKey(r.table_version, r.category), toThreshold(r)]));
}

/**
 * A programme names both the table version and its category, or neither; an unknown version
 * or a category the version lacks is refused, naming the field at fault.
 */
export async function checkIcCategory(reader: Reader, version: string | null, category: string | null): Promise<void> {
  if (!version && !category) return;
  if (!version) throw invalid("icTableVersion", "required_with_category", "name the IC table version the category belongs to");
  const rows = await reader.reference("ic_thresholds").select("category").where("table_version", "=", version).execute();
  if (!rows.length) throw invalid("icTableVersion", "known_ic_table", `unknown IC table version ${version}`);
  if (category && !rows.some((r) => r.category === category)) {
    throw invalid("acquisitionCategory", "known_category", `category ${category} is not in IC table ${version}`);
  }
}

/** Adds one row; false when that (version, category) exists already. Race-safe through the key. */
export async function addThreshold(w: Writer, t: IcThreshold): Promise<boolean> {
  const other = await w.reference("ic_thresholds").select("effective_from").where("table_version", "=", t.tableVersion).executeTakeFirst();
  if (other && other.effective_from !== t.effectiveFrom) {
    throw invalid("effectiveFrom", "same_as_version", `table ${t.tableVersion} takes effect on ${other.effective_from}`);
  }
  const res = await w.tx.insertInto("ic_thresholds")
    .values({ table_version: t.tableVersion, category: t.category, min_percent: t.minPercent, basis: t.basis, effective_from: t.effectiveFrom })
    .onConflict((oc) => oc.columns(["table_version", "category"]).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1;
}
