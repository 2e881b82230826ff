// Forms that point at the problem: each problem is shown next to its field, the
// field is marked (aria-invalid) and the first wrong one is brought into view and
// focused. The page's own checks and the core's error (which names its field)
// come together here.
import { describeError } from "./errors";
import type { Locale } from "./i18n";
import type { CommandError } from "./ipc-types";

/** What is wrong, by field name (the core's field names: "title", "email", ...). */
export type Problems = Record<string, string>;

/**
 * The problems to show: the page's own, then the core's error under its field when
 * the form has that field. An error of no field of the form is returned apart, for
 * a banner.
 */
export function problemsOf(
  locale: Locale,
  fields: readonly string[],
  own: Problems,
  error: CommandError | null,
): { problems: Problems; banner: string | null } {
  const problems: Problems = { ...own };
  let banner: string | null = null;
  if (error) {
    const text = describeError(locale, error);
    if (error.field && fields.includes(error.field)) problems[error.field] ??= text;
    else banner = text;
  }
  return { problems, banner };
}

/** The first field, in the form's order, that has a problem. */
export function firstWrong(fields: readonly string[], problems: Problems): string | null {
  return fields.find((f) => f in problems) ?? null;
}

/** Brings the element with id `id` into view and puts the cursor in it. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: "center" });
  el.focus({ preventScroll: true });
}
