// Uploaded content: the media type is taken from the bytes, not from what the client claims,
// and only office, PDF, image and plain-text formats are accepted.
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { AccordError } from "../../domain/errors.ts";
import type { Tx } from "../../store/db.ts";

const ALLOWED = new Set([
  "application/pdf", "image/png", "image/jpeg",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
]);
const TEXT = new Set(["text/plain", "text/csv", "text/markdown"]);

export async function sniffMediaType(bytes: Buffer, declared: string): Promise<string> {
  if (bytes.length === 0) throw new AccordError("validation_failed", "file: is empty", [{ field: "file", rule: "non_empty", message: "is empty" }]);
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    if (!ALLOWED.has(found.mime)) throw new AccordError("unsupported_media_type", `Files of type ${found.mime} are not accepted.`, [{ field: "file", rule: "media_type", message: `${found.mime} is not accepted` }]);
    return found.mime;
  }
  const base = declared.split(";")[0]!.trim().toLowerCase();
  if (TEXT.has(base) && isUtf8Text(bytes)) return base;
  throw new AccordError("unsupported_media_type", "The file's content is not of an accepted type (PDF, office documents, PNG, JPEG, plain text).", [{ field: "file", rule: "media_type", message: "is not an accepted type" }]);
}

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Stores content once per hash. */
export async function putBlob(tx: Tx, bytes: Buffer): Promise<string> {
  const hash = createHash("sha256").update(bytes).digest("hex");
  await tx.insertInto("blobs").values({ hash, size: bytes.length, content: bytes }).onConflict((oc) => oc.column("hash").doNothing()).execute();
  return hash;
}

// Letters with their combining marks (Hindi vowel signs, Hebrew points) are kept whole; anything else becomes "_".
export const safeFilename = (name: string) => name.normalize("NFC").replace(/[^\p{L}\p{M}\p{N}._ -]+/gu, "_").slice(0, 200) || "file";
