import type { Kysely } from 'kysely';
import type { AppMetaTable } from './schema.ts';

type WithMeta = { app_meta: AppMetaTable };

export async function readMeta<T>(db: Kysely<WithMeta>, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value as T | undefined;
}

export async function writeMeta(db: Kysely<WithMeta>, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: new Date() }),
    )
    .execute();
}
