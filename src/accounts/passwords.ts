import { hash, verify } from "@node-rs/argon2";

// OWASP's Argon2id baseline (19 MiB, 2 passes, 1 lane).
const OPTIONS = { algorithm: 2 /* Argon2id: the package exports it as an ambient const enum */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

let checks = 0;
/** Argon2id verifications this process has run: tests check that every sign-in path spends exactly one. */
export const passwordChecks = () => checks;

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  checks++;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Made when the module loads, so that even the first sign-in to a missing account costs one check, not a hash and a check.
const dummy = hashPassword("not a real password");
/** Spends the time of a real check when there is no such user, so timing does not reveal accounts. */
export async function burnVerify(password: string): Promise<false> {
  await verifyPassword(await dummy, password);
  return false;
}

export function passwordProblem(password: string): string | null {
  if (password.length < 12) return "must be at least 12 characters";
  if (password.length > 200) return "must be at most 200 characters";
  return null;
}
