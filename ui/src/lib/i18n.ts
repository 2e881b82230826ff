// Message lookup, independent of Svelte so it can be unit-tested.
import { en } from "./messages/en";
import { it, type MessageKey, type Messages } from "./messages/it";

export type Locale = "it" | "en";
export type { MessageKey };

export const catalogues: Record<Locale, Messages> = { it, en };
export const locales: Locale[] = ["it", "en"];

export type Params = Record<string, string | number>;

const pluralRules: Partial<Record<Locale, Intl.PluralRules>> = {};

/** The plural category of `n` by the language's rules ("one", "other", ...). */
export function pluralOf(locale: Locale, n: number): Intl.LDMLPluralRule {
  pluralRules[locale] ??= new Intl.PluralRules(locale);
  return pluralRules[locale].select(n);
}

/**
 * The message `key` in `locale`, with `{name}` placeholders filled from `params`.
 * `{name|one|other}` is the word that agrees with the number `name`, by the
 * language's plural rules: "{count} {count|ente|enti}" gives "1 ente", "3 enti".
 */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = catalogues[locale][key] ?? it[key] ?? key;
  return template
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (whole, name: string, one: string, other: string) => {
      const n = Number(params[name]);
      if (!(name in params) || Number.isNaN(n)) return whole;
      return pluralOf(locale, n) === "one" ? one : other;
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A key built from a code (e.g. "kind." + "health_agency"), if the catalogue has it. */
export function codeKey(prefix: string, code: string): MessageKey | null {
  const key = `${prefix}.${code}`;
  return key in it ? (key as MessageKey) : null;
}

/** The placeholders a template uses (plain or plural), for the catalogue parity test. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1] ?? ""))].sort();
}
