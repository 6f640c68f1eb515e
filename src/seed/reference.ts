// Reference data: the platform's countries with their classification schemes (SPEC 3.1), the
// cooperation-area vocabulary with translations, and the standing compartments. Idempotent.
import type { Conn } from "../store/db.ts";
import { seedIcThresholds } from "../resources/programmes/ic-thresholds.ts";

export const COUNTRIES = [
  {
    code: "IND", name_en: "India", name_native: "भारत",
    levels: [["Unclassified", "अवर्गीकृत"], ["Restricted", "Pratibandhit"], ["Confidential", "Gopniya"], ["Secret", "Gupt"], ["Top Secret", "Param Gupt"]],
  },
  {
    code: "ISR", name_en: "Israel", name_native: "ישראל",
    levels: [["Unclassified", "בלמ\"ס"], ["Restricted", "מוגבל, Mugbal"], ["Confidential", "שמור, Shamur"], ["Secret", "סודי, Sodi"], ["Top Secret", "סודי ביותר, Sodi Beyoter"]],
  },
] as const;

export const AREAS: [string, string, string, string][] = [
  ["strategic-dialogue", "Strategic dialogue", "रणनीतिक संवाद", "דיאלוג אסטרטגי"],
  ["joint-training", "Joint training", "संयुक्त प्रशिक्षण", "אימונים משותפים"],
  ["defence-industrial-cooperation", "Defence-industrial cooperation", "रक्षा-औद्योगिक सहयोग", "שיתוף פעולה תעשייתי ביטחוני"],
  ["capability-development", "Capability development", "क्षमता विकास", "פיתוח יכולות"],
  ["science-and-technology", "Science and technology", "विज्ञान और प्रौद्योगिकी", "מדע וטכנולוגיה"],
  ["rd-innovation", "R&D and innovation", "अनुसंधान एवं विकास और नवाचार", "מחקר, פיתוח וחדשנות"],
  ["artificial-intelligence", "Artificial intelligence", "कृत्रिम बुद्धिमत्ता", "בינה מלאכותית"],
  ["cyber-security", "Cyber security", "साइबर सुरक्षा", "סייבר"],
  ["counter-terrorism", "Counter-terrorism", "आतंकवाद-रोधी", "לוחמה בטרור"],
  ["co-production", "Co-development and co-production", "सह-विकास और सह-उत्पादन", "פיתוח וייצור משותפים"],
];

export const COMPARTMENTS: [string, string, string][] = [
  ["JWG", "Joint Working Group", "Papers of the India–Israel JWG on Defence Cooperation and its sub-working groups"],
  ["SWG-DIC", "Sub-working group on defence-industry cooperation", "Created at the 15th JWG (2021)"],
  ["MRSAM", "Barak-8 / MRSAM programme", "Programme compartment: DRDO, IAI, BDL, BEL"],
  ["AEASI", "Adani-Elbit Advanced Systems India", "Programme compartment: Hermes 900 aerostructures"],
  ["KRAS", "Kalyani Rafael Advanced Systems", "Programme compartment: Spike missiles"],
];

export async function seedReference(conn: Conn): Promise<void> {
  const now = new Date().toISOString();
  for (const c of COUNTRIES) {
    await conn.insertInto("countries").values({ code: c.code, name_en: c.name_en, name_native: c.name_native, created_at: now })
      .onConflict((oc) => oc.column("code").doNothing()).execute();
    for (const [rank, [name, native]] of c.levels.entries()) {
      await conn.insertInto("classification_levels").values({ country: c.code, rank, name, native_name: native })
        .onConflict((oc) => oc.columns(["country", "rank"]).doNothing()).execute();
    }
  }
  for (const [code, en, hi, he] of AREAS) {
    await conn.insertInto("cooperation_areas").values({ code, name_en: en, name_hi: hi, name_he: he, created_at: now })
      .onConflict((oc) => oc.column("code").doNothing()).execute();
  }
  for (const [code, name, description] of COMPARTMENTS) {
    await conn.insertInto("compartments").values({ code, name, description, created_at: now })
      .onConflict((oc) => oc.column("code").doNothing()).execute();
  }
  await seedIcThresholds(conn);
}
