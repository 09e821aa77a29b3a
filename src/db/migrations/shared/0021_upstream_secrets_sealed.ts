import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { sealSecret, upstreamSecretContext } from '../../secret-box.ts';
import type { MigrationContext } from '../context.ts';

/**
 * The secrets units present to the tier above were kept in plain text; they are sealed now
 * (AES-256-GCM under the tier's key, see secret-box.ts) and the plain column goes. A database
 * holding secrets cannot be brought up to date without the key.
 */
export function upstreamSecretsSealed(context: MigrationContext): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`ALTER TABLE upstream_credentials ADD COLUMN client_secret_sealed text`.execute(db);
      const { rows } = await sql<{ unit_key: string; client_secret: string }>`
        SELECT unit_key, client_secret FROM upstream_credentials`.execute(db);
      const keys = context.secretKeys;
      if (rows.length > 0 && !keys)
        throw new Error(
          'Cần khoá mã hoá (DONGBO_SECRET_KEY hoặc tệp secret.key) để mã hoá khoá đồng bộ đã lưu.',
        );
      for (const row of rows) {
        const sealed = sealSecret(keys!, row.client_secret, upstreamSecretContext(row.unit_key));
        await sql`UPDATE upstream_credentials SET client_secret_sealed = ${sealed} WHERE unit_key = ${row.unit_key}`.execute(
          db,
        );
      }
      await sql`ALTER TABLE upstream_credentials DROP COLUMN client_secret`.execute(db);
      await sql`ALTER TABLE upstream_credentials ALTER COLUMN client_secret_sealed SET NOT NULL`.execute(db);
    },
  };
}
