import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { statisticsKeeper } from './statistics.ts';

describe('statisticsKeeper', () => {
  let database: TestDatabase<'school'>;
  beforeAll(async () => {
    database = await createTestDatabase('school', { empty: true });
    await sql`CREATE TABLE growing (id int PRIMARY KEY)`.execute(database.db);
  });
  afterAll(() => database?.drop());

  const analyses = async () =>
    (
      await sql<{
        n: number;
      }>`SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = 'growing'`.execute(
        database.db,
      )
    ).rows[0]?.n ?? 0;

  it('analyzes once 5,000 rows are written, then each time the table has grown as much again', async () => {
    const keeper = statisticsKeeper(database.db, ['growing']);
    keeper.wrote(4_999);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await analyses()).toBe(0);

    keeper.wrote(1);
    await expect.poll(analyses).toBe(1);
    // 5,000 held at that ANALYZE: the next one is due after 5,000 more, not before.
    keeper.wrote(4_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await analyses()).toBe(1);
    keeper.wrote(1_000);
    await expect.poll(analyses).toBe(2);
  });
});
