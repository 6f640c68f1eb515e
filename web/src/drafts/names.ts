// A proposal's or a source span's field, in the reader's language (the API's own name when the files have none).
import type { TFunction } from "i18next";

export const fieldName = (t: TFunction, f: string) => t(`drafts.field.${f}`, { defaultValue: f });
