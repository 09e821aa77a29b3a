// One benchmark province from start to end: fresh databases, generated schools, the raw bulk
// upsert of their students, the three tiers as processes, the initial sync, and (when asked)
// a day of changes and the screens under a concurrent sync load.
import type { TierName } from '#domain/tiers.ts';
import {
  adminQuery,
  createTierDatabases,
  freePort,
  spawnTier,
  type TierDatabases,
  type TierProcess,
} from './cluster.ts';
import { changeOnePercent } from './daily-changes.ts';
import { type IngestAloneFigures, ingestAlone } from './ingest-alone.ts';
import { linkTiers, PROVINCE_CODE, type ProvinceSize, seedSchools, sessionsFor } from './province.ts';
import { type RawUpsertFigures, rawBulkUpsert } from './raw-upsert.ts';
import { measureScreens, type ScreenFigures } from './screens.ts';
import { type LoadFigures, type SyncFigures, startSyncLoad, syncAndMeasure } from './sync-run.ts';

export interface ScreenSetup {
  /** Students of the large school whose list is timed. */
  bigSchoolStudents: number;
  /** Schools the province holds when its dashboard is timed. */
  provinceSchools: number;
  /** Students of each school added to reach that count; their sync is the concurrent load. */
  studentsPerAddedSchool: number;
  rounds: number;
}

export interface ProvinceRunOptions {
  serverUrl: string;
  size: ProvinceSize;
  /** Also a day of changes and the screens. */
  screens?: ScreenSetup;
  profileDir?: string;
  /** Where the school's and the province's sync work runs (see `dongbo worker`). */
  syncWork?: 'in-process' | 'apart';
  log: (line: string) => void;
}

export interface ProvinceRunFigures {
  size: ProvinceSize;
  seedSeconds: number;
  raw: RawUpsertFigures;
  initial: SyncFigures;
  /** The province taking the same batches on its own, nothing else syncing. */
  provinceAlone?: IngestAloneFigures;
  /** The national tier taking the province's batches on its own. */
  nationalAlone?: IngestAloneFigures;
  /** Each tier's whole database (tables, indexes, TOAST) once the initial sync is done. */
  databaseBytes?: Record<TierName, number>;
  daily?: { changed: number; sync: SyncFigures };
  screens?: { figures: ScreenFigures; load: LoadFigures };
}

export async function runProvince(options: ProvinceRunOptions): Promise<ProvinceRunFigures> {
  const { serverUrl, size, log } = options;
  const runName = `dongbo_bench_${Date.now().toString(36)}`;
  const dbs = await createTierDatabases(serverUrl, runName, PROVINCE_CODE);
  const tiers: Partial<Record<TierName, TierProcess>> = {};
  try {
    log(`  generating ${size.schools} schools × ${size.studentsPerSchool} students`);
    let started = performance.now();
    await seedSchools(dbs, size, 1);
    const seedSeconds = (performance.now() - started) / 1000;

    log('  raw bulk upsert (COPY + INSERT … ON CONFLICT)');
    const raw = await rawBulkUpsert(serverUrl, runName, dbs.urls.school);

    const ports = { school: await freePort(), province: await freePort(), national: await freePort() };
    const common = {
      provinceCode: PROVINCE_CODE,
      profileDir: options.profileDir,
      syncWork: options.syncWork,
    };
    // The ports are known beforehand, so the three processes start side by side.
    const url = (port: number) => `http://127.0.0.1:${port}`;
    const spawned = await Promise.allSettled([
      spawnTier({ ...common, tier: 'national', port: ports.national, databaseUrl: dbs.urls.national }),
      spawnTier({
        ...common,
        tier: 'province',
        port: ports.province,
        databaseUrl: dbs.urls.province,
        upstream: url(ports.national),
      }),
      spawnTier({
        ...common,
        tier: 'school',
        port: ports.school,
        databaseUrl: dbs.urls.school,
        upstream: url(ports.province),
      }),
    ]);
    for (const outcome of spawned)
      if (outcome.status === 'fulfilled') tiers[outcome.value.tier] = outcome.value;
    for (const outcome of spawned) if (outcome.status === 'rejected') throw outcome.reason;
    const running = tiers as Record<TierName, TierProcess>;
    await linkTiers(dbs, running.province.url, running.national.url);
    const clerks = await sessionsFor(dbs.school, 'school_admin', await schoolKeys(dbs));

    log('  initial sync');
    const initial = await syncAndMeasure({ dbs, tiers: running, clerks }, ['staff', 'students'], log);
    const databaseBytes = await databaseSizes(serverUrl, dbs);
    log('  province ingest alone (the same batches, nothing else syncing)');
    const provinceAlone = await ingestAlone('province', serverUrl, runName, dbs, options.profileDir);
    log('  national ingest alone (the province’s batches, nothing else syncing)');
    const nationalAlone = await ingestAlone('national', serverUrl, runName, dbs, options.profileDir);
    const figures: ProvinceRunFigures = {
      size,
      seedSeconds,
      raw,
      initial,
      provinceAlone,
      nationalAlone,
      databaseBytes,
    };
    if (!options.screens) return figures;

    log('  daily changes (1% of students)');
    const changed = await changeOnePercent(dbs, '2026-11-02');
    figures.daily = {
      changed,
      sync: await syncAndMeasure({ dbs, tiers: running, clerks }, ['students'], log),
    };

    const setup = options.screens;
    log(
      `  screens: a ${setup.bigSchoolStudents}-student school, ${setup.provinceSchools} schools in the province`,
    );
    await seedSchools(dbs, { schools: 1, studentsPerSchool: setup.bigSchoolStudents }, 2);
    const bigSchoolKey = (await schoolKeys(dbs)).find((key) => !clerks.has(key))!;
    const toAdd = Math.max(0, setup.provinceSchools - clerks.size - 1);
    started = performance.now();
    await seedSchools(dbs, { schools: toAdd, studentsPerSchool: setup.studentsPerAddedSchool }, 3);
    log(`    added ${toAdd} schools in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await linkTiers(dbs, running.province.url, running.national.url);
    const newKeys = (await schoolKeys(dbs)).filter((key) => !clerks.has(key));
    const newClerks = await sessionsFor(dbs.school, 'school_admin', newKeys);
    const [officer] = (await sessionsFor(dbs.province, 'province_officer', [`P${PROVINCE_CODE}`])).values();
    const load = startSyncLoad({ dbs, tiers: running, clerks: newClerks }, ['staff', 'students']);
    const screenFigures = await measureScreens(
      {
        schoolUrl: running.school.url,
        provinceUrl: running.province.url,
        bigSchoolClerk: newClerks.get(bigSchoolKey)!,
        historyClerk: clerks.values().next().value!,
        provinceOfficer: officer!,
      },
      setup.rounds,
    );
    figures.screens = { figures: screenFigures, load: await load.finish() };
    return figures;
  } finally {
    await Promise.all(Object.values(tiers).map((t) => t.stop()));
    await dbs.drop();
  }
}

async function schoolKeys(dbs: Awaited<ReturnType<typeof createTierDatabases>>): Promise<string[]> {
  const rows = await dbs.school.selectFrom('schools').select('code').orderBy('code').execute();
  return rows.map((r) => `S${r.code}`);
}

/** Each tier's database size, from the server's own count of its files. */
async function databaseSizes(serverUrl: string, dbs: TierDatabases): Promise<Record<TierName, number>> {
  const sizes = {} as Record<TierName, number>;
  for (const tier of ['school', 'province', 'national'] as const) {
    const name = new URL(dbs.urls[tier]).pathname.slice(1);
    const [row] = await adminQuery<{ bytes: string }>(
      serverUrl,
      `SELECT pg_database_size('${name}') AS bytes`,
    );
    sizes[tier] = Number(row?.bytes);
  }
  return sizes;
}
