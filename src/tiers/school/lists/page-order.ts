import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';

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
 * A page of a list: the ids of its rows, in order, and the count of the whole list. The count
 * comes with each row (a window over the filtered list, which the sort reads in full anyway),
 * so it costs no second statement — except for a page past the end, which carries none.
 */
export async function pageOfIds<DB, TB extends keyof DB>(
  listed: SelectQueryBuilder<DB, TB, { id: string }>,
  orderBy: RawBuilder<unknown>,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<{ ids: string[]; total: number }> {
  // Kysely cannot follow a selection added to a query of any table: the rows' shape is stated.
  const rows = (await listed
    .select(sql<number>`count(*) OVER ()`.as('total'))
    .orderBy(orderBy)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()) as unknown as { id: string; total: number }[];
  if (rows.length > 0) return { ids: rows.map((row) => row.id), total: rows[0]!.total };
  if (page === 1) return { ids: [], total: 0 };
  const counted = (await listed
    .clearSelect()
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow()) as { n: number };
  return { ids: [], total: counted.n };
}
