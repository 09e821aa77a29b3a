// `dongbo serve --web-only` with `dongbo worker`: the serving processes take the clerk's "Đồng
// bộ" and queue it, but send nothing themselves; a worker process started beside them sends the
// batches and brings the decisions back, to the last Thành công.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionCookie } from '../helpers/access.ts';
import { type RunningCli, startCli } from '../helpers/cli.ts';
import { schoolApi, until } from '../helpers/school-api.ts';
import { startThreeTiers, type ThreeTiers } from '../helpers/three-tiers.ts';

describe('sync work in a worker process apart from the screens', () => {
  let tiers: ThreeTiers;
  let worker: RunningCli | undefined;

  beforeAll(async () => {
    tiers = await startThreeTiers({ students: 6, seed: 41, syncWork: 'apart' });
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await tiers?.stop();
  });

  it('queues at the serving process and sends from the worker', async () => {
    const user = await createUser(tiers.school.db, 'school_admin', `S${tiers.schoolCode}`);
    const api = schoolApi(tiers.links.school, await sessionCookie(tiers.school.db, user.id));
    const started = await api('POST', '/api/students/sync', { allUnsynced: true });
    expect(started.status).toBe(202);

    // Two seconds with no worker: everything waits in the school's outbox, nothing upstream.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const statuses = await tiers.school.db.selectFrom('outbox_batches').select('status').distinct().execute();
    expect(statuses.map((s) => s.status)).toEqual(['queued']);
    const { n } = await tiers.province.db
      .selectFrom('sync_batches')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);

    worker = startCli(['worker'], {
      SCHOOL_DATABASE_URL: tiers.school.url,
      PROVINCE_DATABASE_URL: tiers.province.url,
    });
    await worker.waitFor('đang chạy');
    const run = await until(
      () => api('GET', '/api/sync/runs'),
      (r) => {
        const mine = r.body.items.find((i: { id: string }) => i.id === started.body.runId);
        return mine && mine.counts.pending + mine.dependencies.pending === 0;
      },
    );
    const mine = run.body.items.find((i: { id: string }) => i.id === started.body.runId);
    expect(mine.counts).toMatchObject({ pending: 0, failed: 0, success: started.body.records });
  }, 90_000);
});
