// Indigenous content (SPEC 5, DAP 2020 Ch. I): a pure computation over a programme's cost lines.
// The contract price is the sum of the lines; taxes and duties fall outside the base price.
// Every imported line in the base is deducted: imported materials, components and assemblies,
// services from non-Indian entities, royalties and licence or technical fees paid abroad, and
// any other imported cost, since none of it is indigenous.

export const COST_KINDS = ["material", "component", "assembly", "service", "royalty", "licence_fee", "technical_fee", "tax", "duty", "other"] as const;
export type CostKind = (typeof COST_KINDS)[number];
export const ORIGINS = ["indigenous", "imported"] as const;
export type Origin = (typeof ORIGINS)[number];

export interface CostLine {
  kind: CostKind;
  origin: Origin;
  amount: number;
}

export interface KindBreakdown {
  kind: CostKind;
  indigenous: number;
  imported: number;
  /** Taxes and duties: outside the base price, neither indigenous nor deducted. */
  excluded: number;
}

export interface IcResult {
  basePrice: number;
  imported: number;
  indigenous: number;
  icPercent: number | null;
  minimumPercent: number | null;
  compliant: boolean | null;
  breakdown: KindBreakdown[];
}

const OUTSIDE_BASE: ReadonlySet<CostKind> = new Set(["tax", "duty"]);

/** Sums of floating amounts carry noise (0.1 + 0.2); money is shown to six places at most. */
const tidy = (x: number) => Math.round(x * 1e6) / 1e6;
const round2 = (x: number) => Math.round(x * 100) / 100;

function breakdownOf(lines: readonly CostLine[]): KindBreakdown[] {
  const byKind = new Map<CostKind, KindBreakdown>();
  for (const l of lines) {
    const b = byKind.get(l.kind) ?? { kind: l.kind, indigenous: 0, imported: 0, excluded: 0 };
    if (OUTSIDE_BASE.has(l.kind)) b.excluded += l.amount;
    else b[l.origin] += l.amount;
    byKind.set(l.kind, b);
  }
  return COST_KINDS.filter((k) => byKind.has(k)).map((k) => {
    const b = byKind.get(k)!;
    return { kind: k, indigenous: tidy(b.indigenous), imported: tidy(b.imported), excluded: tidy(b.excluded) };
  });
}

/**
 * IC% = (base − deductions) / base × 100, to two decimals; null on an empty base. Compliance is
 * judged on the exact ratio, not the rounded one, so 49.996% does not pass a 50% minimum.
 */
export function computeIc(lines: readonly CostLine[], threshold?: { minPercent: number } | null): IcResult {
  const breakdown = breakdownOf(lines);
  const base = breakdown.reduce((s, b) => s + b.indigenous + b.imported, 0);
  const imported = breakdown.reduce((s, b) => s + b.imported, 0);
  const exact = base > 0 ? ((base - imported) / base) * 100 : null;
  const minimumPercent = threshold ? threshold.minPercent : null;
  return {
    basePrice: tidy(base),
    imported: tidy(imported),
    indigenous: tidy(base - imported),
    icPercent: exact === null ? null : round2(exact),
    minimumPercent,
    compliant: exact === null || minimumPercent === null ? null : exact >= minimumPercent - 1e-9,
    breakdown,
  };
}
