import { type Kysely, sql } from 'kysely';

/**
 * The org-unit tree of the province and national tiers: nation → province → commune units →
 * schools, of any depth (there is no district level since 1 July 2025, and upper-secondary
 * schools hang directly under the province). `path` lists the keys from the root, so a unit's
 * subtree is one indexed prefix match.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('org_units')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind IN ('nation', 'province', 'commune', 'school')`),
    )
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('parent_key', 'text', (col) => col.references('org_units.key'))
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX org_units_path ON org_units (path text_pattern_ops)`.execute(db);
  await db.schema.createIndex('org_units_parent').on('org_units').column('parent_key').execute();
}
