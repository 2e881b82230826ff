// The current language, as Svelte state: changing it re-renders every string.
import { codeKey, translate, type Locale, type MessageKey, type Params } from "./i18n";

const STORAGE_KEY = "tavolo.locale";

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "it";
  } catch {
    return "it";
  }
}

let current = $state<Locale>(initialLocale());

export const locale = {
  get value(): Locale {
    return current;
  },
  set(next: Locale) {
    current = next;
    document.documentElement.lang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode or a full disk: the choice lasts until the window closes.
    }
  },
};

/** Translates `key` in the current language. */
export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}

/** The label of a code from a closed list (kind, level, sector ...), or the code. */
export function label(prefix: string, code: string): string {
  const key = codeKey(prefix, code);
  return key ? translate(current, key) : code;
}
