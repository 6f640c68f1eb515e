// The bench's "create an action" request body (bench/run.ts), also written by bench/newer-records.ts
// to give a store records without the searched words: its title holds none of them.
import { NARROW_COMPARTMENT, SCALE_NARROW } from "../src/seed/scale.ts";

export const actionBody = (user: string) => JSON.stringify({
  title: `Benchmark action by ${user}`,
  owner: { country: "IND" },
  dueDate: "2027-03-31",
  marking: user === SCALE_NARROW
    ? { classification: "RESTRICTED", releasableTo: ["ISR"], compartments: [NARROW_COMPARTMENT] }
    : { classification: "SECRET", releasableTo: ["ISR"], compartments: ["SX-01"] },
});
