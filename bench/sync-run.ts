// One sync of many schools, timed from the first "Đồng bộ" pressed to the last record decided
// (Thành công or failed), with what each stage did, how long each tier took per batch, and each
// process's peak memory.
import { sql } from 'kysely';
import type { TierName } from '#domain/tiers.ts';
import type { TierDatabases, TierProcess } from './cluster.ts';
import { callAs, inParallel } from './province.ts';
import { type Percentiles, percentiles } from './stats.ts';

/** The sync buttons a clerk presses, in this order (staff first: classes name their homeroom teacher). */
export type SyncButton = 'staff' | 'students';

export interface StageFigures {
  records: number;
  /** From the first button pressed to the stage's last batch. */
  seconds: number;
  /** The time the receiving tier spent answering batch requests, summed. */
  busySeconds?: number;
  batchLatencyMs?: Percentiles;
}

export interface SyncFigures {
  schools: number;
  students: number;
  records: number;
  success: number;
  failed: number;
  /** Pressing every school's buttons (the runs and outbox written). */
  triggerSeconds: number;
  /** To the last record decided at the school. */
  seconds: number;
  stages: { schoolSend: StageFigures; provinceIngest: StageFigures; nationalIngest: StageFigures };
  peakRssBytes: Partial<Record<TierName, number>>;
  firstFailures: { code: string; message: string; n: number }[];
}

export interface SyncTarget {
  dbs: TierDatabases;
  tiers: Record<TierName, TierProcess>;
  /** Session cookie of a clerk, per school unit key (S<code>). */
  clerks: Map<string, string>;
}

export async function syncAndMeasure(
  target: SyncTarget,
  buttons: SyncButton[],
  log: (line: string) => void,
): Promise<SyncFigures> {
  const { dbs, tiers, clerks } = target;
  const tierList = Object.values(tiers);
  await Promise.all(tierList.map((t) => t.resetMeasures()));
  const { since } = await dbs.school
    .selectFrom('outbox_batches')
    .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), sql<number>`0`).as('since'))
    .executeTakeFirstOrThrow();
  const started = new Date();

  const triggerSeconds = await pressSync(tiers.school.url, [...clerks.values()], buttons, () => false).then(
    () => (Date.now() - started.getTime()) / 1000,
  );

  // Watching must not load what it watches: the batches (a few hundred rows) say when all is
  // decided — a batch is closed only once every item in it is — and the items are counted only
  // for the progress line, every ten seconds.
  let lastLog = Date.now();
  for (;;) {
    const { open } = await sql<{ open: number }>`
      SELECT count(*)::int AS open FROM outbox_batches WHERE seq > ${since} AND status IN ('queued', 'sent')`
      .execute(dbs.school)
      .then((r) => r.rows[0]!);
    if (open === 0) break;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      const progress = await sql<{ total: number; pending: number }>`
        SELECT count(*)::int AS total, count(*) FILTER (WHERE i.status = 'pending')::int AS pending
        FROM outbox_items i JOIN outbox_batches b ON b.id = i.batch_id WHERE b.seq > ${since}`
        .execute(dbs.school)
        .then((r) => r.rows[0]!);
      log(`    ${progress.total - progress.pending}/${progress.total} decided`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seconds = (Date.now() - started.getTime()) / 1000;
  const peakRssBytes: Partial<Record<TierName, number>> = {};
  for (const t of tierList) peakRssBytes[t.tier] = await t.peakRss();

  const school = await sql<{
    records: number;
    students: number;
    success: number;
    failed: number;
    schools: number;
    last_sent: Date;
  }>`
    SELECT count(*)::int AS records, count(*) FILTER (WHERE b.kind = 'student')::int AS students,
      count(*) FILTER (WHERE i.status = 'success')::int AS success,
      count(*) FILTER (WHERE i.status = 'failed')::int AS failed,
      count(DISTINCT b.unit_key)::int AS schools, max(b.sent_at) AS last_sent
    FROM outbox_items i JOIN outbox_batches b ON b.id = i.batch_id WHERE b.seq > ${since}`
    .execute(dbs.school)
    .then((r) => r.rows[0]!);
  const firstFailures = await sql<{ code: string; message: string; n: number }>`
    SELECT i.error_code AS code, min(i.error_message) AS message, count(*)::int AS n
    FROM outbox_items i JOIN outbox_batches b ON b.id = i.batch_id
    WHERE b.seq > ${since} AND i.status = 'failed' GROUP BY 1 ORDER BY 3 DESC LIMIT 5`
    .execute(dbs.school)
    .then((r) => r.rows);
  const since0 = (date: Date | null) => (date ? (new Date(date).getTime() - started.getTime()) / 1000 : 0);
  const received = async (db: TierDatabases['province']) =>
    sql<{ records: number; last: Date | null }>`
      SELECT coalesce(sum(item_count), 0)::int AS records, max(received_at) AS last
      FROM sync_batches WHERE received_at >= ${started}`
      .execute(db)
      .then((r) => r.rows[0]!);
  const ingest = async (db: TierDatabases['province'], tier: TierProcess): Promise<StageFigures> => {
    const r = await received(db);
    return {
      records: r.records,
      seconds: since0(r.last),
      busySeconds: tier.batchLatencies.reduce((a, b) => a + b, 0) / 1000,
      batchLatencyMs: percentiles(tier.batchLatencies),
    };
  };
  return {
    schools: school.schools,
    students: school.students,
    records: school.records,
    success: school.success,
    failed: school.failed,
    triggerSeconds,
    seconds,
    stages: {
      schoolSend: { records: school.records, seconds: since0(school.last_sent) },
      provinceIngest: await ingest(dbs.province, tiers.province),
      nationalIngest: await ingest(dbs.national as never, tiers.national),
    },
    peakRssBytes,
    firstFailures,
  };
}

/** Presses each school's sync buttons, four schools at a time, until done or `stop()` says so. */
async function pressSync(
  schoolUrl: string,
  cookies: string[],
  buttons: SyncButton[],
  stop: () => boolean,
): Promise<number> {
  let pressed = 0;
  await inParallel(cookies, 4, async (cookie) => {
    if (stop()) return;
    for (const button of buttons) {
      try {
        await callAs(schoolUrl, cookie, `/api/${button}/sync`, { allUnsynced: true });
      } catch (error) {
        // A school with nothing of this kind left to sync answers NOTHING_TO_SYNC; that is fine.
        if (!String(error).includes('NOTHING_TO_SYNC')) throw error;
      }
    }
    pressed += 1;
  });
  return pressed;
}

export interface LoadFigures {
  schools: number;
  decided: number;
  seconds: number;
}

/** A sync load that runs until `finish()`: schools pressing "Đồng bộ" and the tiers at work. */
export function startSyncLoad(target: SyncTarget, buttons: SyncButton[]) {
  const started = Date.now();
  let stopped = false;
  const { dbs } = target;
  const since = dbs.school
    .selectFrom('outbox_batches')
    .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), sql<number>`0`).as('since'))
    .executeTakeFirstOrThrow();
  const pressing = since.then(() =>
    pressSync(target.tiers.school.url, [...target.clerks.values()], buttons, () => stopped),
  );
  return {
    async finish(): Promise<LoadFigures> {
      stopped = true;
      const seconds = (Date.now() - started) / 1000;
      const { rows } = await sql<{ decided: number }>`
        SELECT count(*) FILTER (WHERE i.status <> 'pending')::int AS decided
        FROM outbox_items i JOIN outbox_batches b ON b.id = i.batch_id WHERE b.seq > ${(await since).since}`.execute(
        dbs.school,
      );
      return { schools: await pressing, decided: rows[0]!.decided, seconds };
    },
  };
}
