// Turns a command error into a sentence in the user's language.
import { codeKey, translate, type Locale } from "./i18n";
import type { CommandError } from "./ipc-types";

export function describeError(locale: Locale, e: CommandError): string {
  if (e.kind === "invalid" && e.field) {
    const fieldKey = codeKey("field", e.field);
    const problemKey = e.code ? codeKey("problem", e.code) : null;
    if (problemKey) {
      return translate(locale, "error.invalid", {
        field: fieldKey ? translate(locale, fieldKey) : e.field,
        problem: translate(locale, problemKey),
      });
    }
    return e.message;
  }
  const key = codeKey("error", e.kind);
  return key ? translate(locale, key, { message: e.message }) : e.message;
}

/** Runs one action of a screen; `onError` gets its error, or null once it succeeded. */
export async function attempt(f: () => Promise<void>, onError: (e: CommandError | null) => void): Promise<void> {
  try {
    await f();
    onError(null);
  } catch (e) {
    onError(e as CommandError);
  }
}
