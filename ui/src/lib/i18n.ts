// Message lookup, independent of Svelte so it can be unit-tested.
import { en } from "./messages/en";
import { it, type MessageKey, type Messages } from "./messages/it";

export type Locale = "it" | "en";
export type { MessageKey };

export const catalogues: Record<Locale, Messages> = { it, en };
export const locales: Locale[] = ["it", "en"];

export type Params = Record<string, string | number>;

/** The message `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = catalogues[locale][key] ?? it[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A key built from a code (e.g. "kind." + "health_agency"), if the catalogue has it. */
export function codeKey(prefix: string, code: string): MessageKey | null {
  const key = `${prefix}.${code}`;
  return key in it ? (key as MessageKey) : null;
}

/** The placeholders a template uses, for the catalogue parity test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();
}
