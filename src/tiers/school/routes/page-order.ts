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
