import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { retryTransient } from './retry.ts';

describe('retryTransient', () => {
  let database: TestDatabase<'school'>;
  beforeAll(async () => {
    database = await createTestDatabase('school', { empty: true });
    await sql`CREATE TABLE pair (id int PRIMARY KEY, n int NOT NULL)`.execute(database.db);
    await sql`INSERT INTO pair VALUES (1, 0), (2, 0)`.execute(database.db);
  });
  afterAll(() => database?.drop());

  it('runs a transaction again when PostgreSQL aborted it to break a deadlock', async () => {
    // Two transactions update the same two rows in opposite orders, each holding its first row
    // until the other holds its own: PostgreSQL must abort one of them.
    let release: () => void = () => {};
    let waiting = 0;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    const attempts: number[] = [0, 0];
    const cross = (who: number, first: number, second: number) =>
      retryTransient(() =>
        database.db.transaction().execute(async (trx) => {
          attempts[who]! += 1;
          await sql`UPDATE pair SET n = n + 1 WHERE id = ${first}`.execute(trx);
          if (attempts[who] === 1 && ++waiting === 2) release();
          if (attempts[who] === 1) await bothHoldOne;
          await sql`UPDATE pair SET n = n + 1 WHERE id = ${second}`.execute(trx);
        }),
      );

    await Promise.all([cross(0, 1, 2), cross(1, 2, 1)]);
    // Both committed once; one of them had to run twice.
    const { rows } = await sql<{ n: number }>`SELECT n FROM pair ORDER BY id`.execute(database.db);
    expect(rows).toEqual([{ n: 2 }, { n: 2 }]);
    expect(attempts.sort()).toEqual([1, 2]);
  });

  it('lets any other error through at once', async () => {
    let attempts = 0;
    await expect(
      retryTransient(async () => {
        attempts += 1;
        await sql`INSERT INTO pair VALUES (1, 0)`.execute(database.db);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
  });
});
