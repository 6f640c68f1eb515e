// STANAG 4774 confidentiality label of a marking (XML), for exchange with other systems.
import { create } from "xmlbuilder2";
import { LEVELS, normalise, type Marking } from "../../domain/markings.ts";

const NS = "urn:nato:stanag:4774:confidentialitymetadatalabel:1:0";
const POLICY = "urn:accord:policy:bilateral";

export function stanag4774Label(m: Marking, createdAt: Date = new Date()): string {
  const n = normalise(m);
  const doc = create({ version: "1.0", encoding: "UTF-8" }).ele(NS, "slab:ConfidentialityLabel");
  const info = doc.ele(NS, "slab:ConfidentialityInformation");
  info.ele(NS, "slab:PolicyIdentifier").att("URI", POLICY).txt(`${n.originator} national policy`);
  info.ele(NS, "slab:Classification").txt(LEVELS[n.classification]);
  const rel = info.ele(NS, "slab:Category").att("TagName", "Releasable To").att("Type", "PERMISSIVE").att("URI", `${POLICY}:rel`);
  for (const c of n.releasableTo === "ALL" ? ["ALL"] : [n.originator, ...n.releasableTo]) rel.ele(NS, "slab:GenericValue").txt(c);
  if (n.compartments.length) {
    const comp = info.ele(NS, "slab:Category").att("TagName", "Compartment").att("Type", "RESTRICTIVE").att("URI", `${POLICY}:compartment`);
    for (const c of n.compartments) comp.ele(NS, "slab:GenericValue").txt(c);
  }
  info.ele(NS, "slab:Category").att("TagName", "Originator").att("Type", "INFORMATIVE").att("URI", `${POLICY}:originator`).ele(NS, "slab:GenericValue").txt(n.originator);
  doc.ele(NS, "slab:CreationDateTime").txt(createdAt.toISOString());
  return doc.end({ prettyPrint: true });
}
