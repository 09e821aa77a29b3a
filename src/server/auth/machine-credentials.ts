// Machine credentials: HTTP Basic with a client id and a 256-bit secret, over HTTPS in
// production. The unit the caller speaks for comes from the credential, never from the body.
import { sql } from 'kysely';
import type { AnyTierDatabase } from '#db/schema.ts';
import type { MachineCaller } from './caller.ts';
import { sameSecret, sha256 } from './secrets.ts';

export function parseBasicAuthorization(
  header: string | undefined,
): { clientId: string; secret: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

/** The unit behind a credential that is neither revoked nor expired. */
export async function machineOfCredential(
  db: AnyTierDatabase,
  credential: { clientId: string; secret: string },
): Promise<MachineCaller | undefined> {
  const row = await db
    .selectFrom('sync_credentials as c')
    .innerJoin('org_units as o', 'o.key', 'c.unit_key')
    .select([
      'c.id',
      'c.client_id',
      'c.unit_key',
      'c.secret_hash',
      'o.path',
      sql<boolean>`c.last_used_at IS NULL OR c.last_used_at < now() - interval '1 minute'`.as('note_use'),
    ])
    .where('c.client_id', '=', credential.clientId)
    .where('c.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  if (!row || !sameSecret(row.secret_hash, sha256(credential.secret))) return undefined;
  // "Last used" to the minute: a sender polling every second writes it once a minute, and the
  // other requests need not ask.
  if (row.note_use)
    await db
      .updateTable('sync_credentials')
      .set({ last_used_at: sql`now()` })
      .where('id', '=', row.id)
      .execute();
  return {
    kind: 'credential',
    credentialId: row.id,
    clientId: row.client_id,
    unitKey: row.unit_key,
    unitPath: row.path,
  };
}
