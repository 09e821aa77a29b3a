// The credential each unit of this tier presents to the tier above. The tier must send the
// secret, so it keeps it, sealed (secret-box.ts) under the tier's key with the unit as context.
import type { Kysely, Selectable } from 'kysely';
import { StartupError } from '#db/embedded.ts';
import type { SendingTables, UpstreamCredentialTable } from '#db/schema.ts';
import {
  openSecret,
  type SecretKeys,
  SecretUnreadable,
  sealedWithOlderKey,
  sealSecret,
  upstreamSecretContext,
} from '#db/secret-box.ts';
import type { Upstream } from './client.ts';

type Db = Kysely<Pick<SendingTables, 'upstream_credentials'>>;

export interface UpstreamCredential {
  unitKey: string;
  upstreamUrl: string;
  clientId: string;
  secret: string;
}

/** Stores a unit's credential, sealed; an existing one is replaced unless `keepExisting`. */
export async function saveUpstreamCredential(
  db: Db,
  keys: SecretKeys,
  credential: UpstreamCredential,
  options: { keepExisting?: boolean } = {},
): Promise<void> {
  const row = {
    unit_key: credential.unitKey,
    upstream_url: credential.upstreamUrl,
    client_id: credential.clientId,
    client_secret_sealed: sealSecret(keys, credential.secret, upstreamSecretContext(credential.unitKey)),
  };
  await db
    .insertInto('upstream_credentials')
    .values(row)
    .onConflict((oc) =>
      options.keepExisting
        ? oc.column('unit_key').doNothing()
        : oc.column('unit_key').doUpdateSet({
            upstream_url: row.upstream_url,
            client_id: row.client_id,
            client_secret_sealed: row.client_secret_sealed,
            updated_at: new Date(),
          }),
    )
    .execute();
}

export function upstreamFromRow(
  row: Selectable<UpstreamCredentialTable>,
  keys: SecretKeys | undefined,
): Upstream {
  if (!keys) throw new SecretUnreadable('this process holds no key to open the stored sync secrets');
  return {
    url: row.upstream_url.replace(/\/+$/, ''),
    clientId: row.client_id,
    secret: openSecret(keys, row.client_secret_sealed, upstreamSecretContext(row.unit_key)),
  };
}

/** Where a unit of this tier sends, with the credential the tier above issued it. */
export async function upstreamOf(
  db: Db,
  keys: SecretKeys | undefined,
  unitKey: string,
): Promise<Upstream | undefined> {
  const row = await db
    .selectFrom('upstream_credentials')
    .selectAll()
    .where('unit_key', '=', unitKey)
    .executeTakeFirst();
  return row?.upstream_url ? upstreamFromRow(row, keys) : undefined;
}

/**
 * After a key rotation (the old key given as DONGBO_SECRET_KEY_OLD), seals every secret the old
 * key sealed with the new one. A secret that neither key opens stops the start: the key given
 * is not the one the secrets were sealed with, which only the operator can put right.
 */
export async function resealUpstreamSecrets(db: Db, keys: SecretKeys): Promise<number> {
  const rows = await db.selectFrom('upstream_credentials').selectAll().execute();
  let resealed = 0;
  for (const row of rows.filter((r) => sealedWithOlderKey(keys, r.client_secret_sealed))) {
    const context = upstreamSecretContext(row.unit_key);
    let secret: string;
    try {
      secret = openSecret(keys, row.client_secret_sealed, context);
    } catch (error) {
      if (!(error instanceof SecretUnreadable)) throw error;
      throw new StartupError(
        `Không mở được mã kết nối đồng bộ đã lưu của đơn vị ${row.unit_key}: nó được mã hoá bằng một khoá khác với DONGBO_SECRET_KEY (hoặc tệp secret.key) hiện tại. Nếu vừa đổi khoá, hãy đặt khoá cũ vào DONGBO_SECRET_KEY_OLD.`,
        { cause: error },
      );
    }
    const updated = await db
      .updateTable('upstream_credentials')
      .set({ client_secret_sealed: sealSecret(keys, secret, context) })
      .where('unit_key', '=', row.unit_key)
      .where('client_secret_sealed', '=', row.client_secret_sealed)
      .executeTakeFirst();
    resealed += Number(updated.numUpdatedRows);
  }
  return resealed;
}
