// Checks every writer makes of the vocabulary its input names: countries, areas, compartments.
import { invalid } from "../domain/errors.ts";
import type { Reader } from "../store/reader.ts";

export async function knownCountry(reader: Reader, field: string, code: string | null | undefined): Promise<void> {
  if (code && !(await reader.reference("countries").select("code").where("code", "=", code).executeTakeFirst())) {
    throw invalid(field, "known_country", `unknown country ${code}`);
  }
}

export async function knownAreas(reader: Reader, field: string, areas: readonly string[] | undefined): Promise<void> {
  if (!areas?.length) return;
  const known = new Set((await reader.reference("cooperation_areas").select("code").where("code", "in", [...areas]).execute()).map((a) => a.code));
  for (const [i, a] of areas.entries()) if (!known.has(a)) throw invalid(`${field}.${i}`, "known_area", `unknown cooperation area ${a}`);
}

export async function knownCompartment(reader: Reader, field: string, code: string | null | undefined): Promise<void> {
  if (code && !(await reader.reference("compartments").select("code").where("code", "=", code).executeTakeFirst())) {
    throw invalid(field, "known_compartment", `unknown compartment ${code}`);
  }
}
