// What the register's sortable, keyboard-navigable lists share.

/** How long the lists wait after a keystroke before asking the core. */
export const SEARCH_DELAY_MS = 120;

/** The `aria-sort` of a column header. */
export function ariaSort(
  sort: string,
  descending: boolean,
  column: string,
): "ascending" | "descending" | "none" {
  return sort === column ? (descending ? "descending" : "ascending") : "none";
}

/** The arrow shown after the header of the sorted column. */
export function sortArrow(sort: string, descending: boolean, column: string): string {
  return sort === column ? (descending ? " ↓" : " ↑") : "";
}

/** The next order when a header is clicked: the same column flips, another starts ascending. */
export function nextSort(
  sort: string,
  descending: boolean,
  column: string,
): { sort: string; descending: boolean } {
  return { sort: column, descending: sort === column ? !descending : false };
}

/**
 * ↑/↓ on a table row move the focus to the row above or below; Enter calls
 * `open`. Returns true when the key was handled (the caller's default is then
 * prevented).
 */
export function rowKey(e: KeyboardEvent, open: () => void): boolean {
  const row = e.currentTarget as HTMLElement;
  if (e.key === "Enter") open();
  else if (e.key === "ArrowDown") (row.nextElementSibling as HTMLElement | null)?.focus();
  else if (e.key === "ArrowUp") (row.previousElementSibling as HTMLElement | null)?.focus();
  else return false;
  e.preventDefault();
  return true;
}
