import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareTier } from '#app/prepare.ts';
import { StartupError } from '#db/embedded.ts';
import { resolveMigrations } from '#db/migrations/context.ts';
import { migrationsByTier } from '#db/migrations/index.ts';
import { keyId, type SecretKeys } from '#db/secret-box.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { saveUpstreamCredential, upstreamOf } from './upstream.ts';

const SECRET = 'mot-bi-mat-rat-dai-cua-tinh-40-khong-ai-doan-duoc';
const newKeys = (): SecretKeys => ({ current: randomBytes(32) });
const sealedOf = async (database: TestDatabase<'province'>) =>
  (
    await database.db
      .selectFrom('upstream_credentials')
      .select('client_secret_sealed')
      .executeTakeFirstOrThrow()
  ).client_secret_sealed;

describe('upstream secrets at rest', () => {
  const databases: TestDatabase<'province'>[] = [];
  const fresh = async (options: { empty?: boolean } = {}) => {
    const database = await createTestDatabase('province', options);
    databases.push(database);
    return database;
  };
  afterAll(() => Promise.all(databases.map((d) => d.drop())));

  it('are sealed by the migration where an older version kept them in plain text', async () => {
    const database = await fresh({ empty: true });
    const keys = newKeys();
    const migrations = resolveMigrations(migrationsByTier.province, { secretKeys: keys });
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('0020_login_failures_by_username');
    expect(before.error).toBeUndefined();
    await sql`INSERT INTO upstream_credentials (unit_key, upstream_url, client_id, client_secret)
      VALUES ('P40', 'https://csdl.example', 'p40-client', ${SECRET})`.execute(database.db);

    // Without the key the database cannot be brought up to date: the plain secret would be lost.
    await expect(prepareTier('province', database.db, { provinceCode: '40' })).rejects.toThrow(
      /Nâng cấp CSDL tầng province thất bại/,
    );
    await prepareTier('province', database.db, { provinceCode: '40', secretKeys: keys });
    const { rows } = await sql<{
      row: string;
    }>`SELECT row_to_json(c)::text AS row FROM upstream_credentials c`.execute(database.db);
    expect(rows[0]!.row).not.toContain(SECRET);
    expect(rows[0]!.row).not.toContain('"client_secret"');
    expect(await upstreamOf(database.db, keys, 'P40')).toEqual({
      url: 'https://csdl.example',
      clientId: 'p40-client',
      secret: SECRET,
    });
  });

  it('are sealed anew with the new key at the first start after a rotation', async () => {
    const database = await fresh();
    const old = newKeys();
    await saveUpstreamCredential(database.db, old, {
      unitKey: 'P40',
      upstreamUrl: 'https://csdl.example',
      clientId: 'p40-client',
      secret: SECRET,
    });
    const rotated = { current: randomBytes(32), previous: old.current };
    await prepareTier('province', database.db, { provinceCode: '40', secretKeys: rotated });
    expect((await sealedOf(database)).split('.')[1]).toBe(keyId(rotated.current));
    // The old key can go now.
    const after = { current: rotated.current };
    expect((await upstreamOf(database.db, after, 'P40'))?.secret).toBe(SECRET);
    await prepareTier('province', database.db, { provinceCode: '40', secretKeys: after });

    // A start with another key, the old one not given, is refused with what to do.
    const wrong = prepareTier('province', database.db, { provinceCode: '40', secretKeys: newKeys() });
    await expect(wrong).rejects.toThrow(StartupError);
    await expect(wrong).rejects.toThrow(/DONGBO_SECRET_KEY_OLD/);
  });

  it('open on the row they were sealed for only', async () => {
    const database = await fresh();
    const keys = newKeys();
    for (const unitKey of ['S40000001', 'S40000002'])
      await saveUpstreamCredential(database.db as never, keys, {
        unitKey,
        upstreamUrl: 'https://so.example',
        clientId: `${unitKey}-client`,
        secret: `${SECRET}-${unitKey}`,
      });
    // Someone with the database but not the key copies one school's sealed secret onto another.
    await sql`UPDATE upstream_credentials SET client_secret_sealed =
      (SELECT client_secret_sealed FROM upstream_credentials WHERE unit_key = 'S40000001')
      WHERE unit_key = 'S40000002'`.execute(database.db);
    expect((await upstreamOf(database.db, keys, 'S40000001'))?.secret).toBe(`${SECRET}-S40000001`);
    await expect(upstreamOf(database.db, keys, 'S40000002')).rejects.toThrow(/altered or moved/);
  });
});
