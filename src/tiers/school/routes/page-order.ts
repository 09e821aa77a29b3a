import { sql } from 'kysely';

/**
 * A list page is read in two steps: first the page's ids, sorted and cut on narrow rows (sorting a
 * large school's whole records by Vietnamese name carries every payload through the sort), then
 * the page's records in full. This puts those back in the page's order; a record deleted between
 * the two steps is left out.
 */
export function inPageOrder<Row extends { id: string }>(ids: string[], rows: Row[]): Row[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The whole list's count, carried by each row of the page: the filtered list is read in full to
 * sort it anyway, so the count costs no second statement.
 */
export const listTotal = sql<number>`count(*) OVER ()`.as('total');

/** The list's count from its page; a page past the end carries none, so it is asked for then. */
export async function totalOf(
  rows: { total: number }[],
  page: number,
  count: () => Promise<{ n: number }>,
): Promise<number> {
  if (rows.length > 0) return rows[0]!.total;
  return page > 1 ? (await count()).n : 0;
}
