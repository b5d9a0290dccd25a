// Money, rates and dates the way CONSOLE.md asks: thousands separators and
// two decimals, percentages, dates as the company writes them. Amounts
// arrive as decimal strings and are formatted without going through a
// float, so no cent is ever lost.

import type { Lang } from "./messages";

/** `"1234567.5"` → `"1,234,567.50"`; a negative keeps its sign. */
export function formatMoney(amount: string): string {
  const negative = amount.startsWith("-");
  const [whole = "0", frac = ""] = amount.replace(/^[-+]/, "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (frac + "00").slice(0, 2);
  return `${negative ? "-" : ""}${grouped}.${cents}`;
}

/** `"2026-03-12"` → `2026年3月12日` (zh-CN) or `2026-03-12` (en). */
export function formatDate(date: string, lang: Lang): string {
  const day = date.slice(0, 10);
  if (lang === "en") return day;
  const [y, m, d] = day.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}
