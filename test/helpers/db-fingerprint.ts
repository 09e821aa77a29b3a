// What a database holds, in one value: each table's row count and a checksum of its rows'
// text, so a test can tell that a refused request changed nothing.
import pg from 'pg';

export type Fingerprint = Record<string, string>;

export interface FingerprintReader {
  read(): Promise<Fingerprint>;
  close(): Promise<void>;
}

/**
 * Reads every table of every schema but the excluded ones, in one statement prepared once (a
 * test may read thousands of times). `ignoredColumns` leaves out columns that change on their
 * own, e.g. when a credential was last used.
 */
export async function fingerprintReader(
  url: string,
  excluded: readonly string[],
  ignoredColumns: Record<string, string[]> = {},
): Promise<FingerprintReader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows: tables } = await client.query<{ schema: string; name: string }>(`
    SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1, 2`);
  const read = tables
    .filter((t) => !excluded.includes(t.name))
    .map((t) => {
      const qualified = `${client.escapeIdentifier(t.schema)}.${client.escapeIdentifier(t.name)}`;
      const ignored = ignoredColumns[t.name] ?? [];
      const row = ignored.length
        ? `(to_jsonb(r) - ARRAY[${ignored.map((c) => client.escapeLiteral(c)).join(',')}])::text`
        : 'r::text';
      // A sum of row hashes does not depend on row order, so nothing needs sorting.
      return `SELECT ${client.escapeLiteral(`${t.schema}.${t.name}`)} AS name,
                count(*) || ':' || coalesce(sum(hashtextextended(${row}, 0)), 0) AS print
              FROM ${qualified} r`;
    });
  const statement = { name: 'fingerprint', text: read.join(' UNION ALL ') };
  return {
    async read() {
      const { rows } = await client.query<{ name: string; print: string }>(statement);
      return Object.fromEntries(rows.map((r) => [r.name, r.print]));
    },
    close: () => client.end(),
  };
}

/** The tables whose fingerprints differ, for a readable failure. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}
