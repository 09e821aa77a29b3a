import type { Kysely } from 'kysely';
import type { ProvinceTierDatabase } from '../../db/schema.ts';
import type { Upstream } from './client.ts';

/** Where a unit of this tier sends, with the credential the tier above issued it. */
export async function upstreamOf(
  db: Kysely<ProvinceTierDatabase>,
  unitKey: string,
): Promise<Upstream | undefined> {
  const row = await db
    .selectFrom('upstream_credentials')
    .selectAll()
    .where('unit_key', '=', unitKey)
    .executeTakeFirst();
  return row?.upstream_url
    ? { url: row.upstream_url.replace(/\/+$/, ''), clientId: row.client_id, secret: row.client_secret }
    : undefined;
}
