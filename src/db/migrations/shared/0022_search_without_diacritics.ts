import { type Kysely, sql } from 'kysely';
import { FOLD_LETTERS_FROM, FOLD_LETTERS_TO, FOLD_MARKS_RANGE } from '#domain/text.ts';
import type { TierName } from '#domain/tiers.ts';

/**
 * Names are searched with or without diacritics, in any case and any Unicode form: a search
 * compares the folded query (foldForSearch in src/domain/text.ts) with the folded name, which
 * this function computes in the database by the same rules. It is IMMUTABLE (normalize, regexp
 * and translate depend on no setting), so generated columns and indexes may use it. Its text is
 * built from the domain's constants; a change to those needs a new migration that replaces it.
 */
const foldFunction = sql.raw(`
  CREATE OR REPLACE FUNCTION fold_for_search(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT translate(regexp_replace(normalize(value, NFD), '[${FOLD_MARKS_RANGE}]', '', 'g'),
                         '${FOLD_LETTERS_FROM}', '${FOLD_LETTERS_TO}') $$`);

/** Whether trigram indexes can be had: the extension ships with PostgreSQL's contrib modules. */
async function trigramsAvailable(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')
       AND (EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
            OR has_database_privilege(current_database(), 'CREATE')) AS ok`.execute(db);
  return rows[0]?.ok === true;
}

/**
 * A folded copy of `source` as a generated column, and an index for "contains": a trigram index
 * where pg_trgm exists (it serves LIKE '%…%'), else a btree, which still serves a prefix.
 */
async function searchable(db: Kysely<unknown>, table: string, source: string, trigrams: boolean) {
  await sql`ALTER TABLE ${sql.table(table)}
    ADD COLUMN name_search text GENERATED ALWAYS AS (fold_for_search(${sql.raw(source)})) STORED`.execute(db);
  const index = sql.raw(`${table}_name_search`);
  await (trigrams
    ? sql`CREATE INDEX ${index} ON ${sql.table(table)} USING gin (name_search gin_trgm_ops)`
    : sql`CREATE INDEX ${index} ON ${sql.table(table)} (name_search text_pattern_ops)`
  ).execute(db);
}

export function searchWithoutDiacritics(tier: TierName) {
  return async function up(db: Kysely<unknown>): Promise<void> {
    const trigrams = await trigramsAvailable(db);
    if (trigrams) await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await foldFunction.execute(db);
    await searchable(db, 'users', 'display_name', trigrams);
    if (tier !== 'school') return;
    await searchable(db, 'students', `payload->>'fullName'`, trigrams);
    await searchable(db, 'staff', `payload->>'fullName'`, trigrams);
    await searchable(db, 'classes', `payload->>'name'`, trigrams);
  };
}
