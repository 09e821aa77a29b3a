// The benchmark figures as Markdown tables, each beside its goal (DESIGN §7). The tables go
// between two markers in docs/benchmarks.md; the text around them is written by hand.
import type { ProvinceRunFigures } from './run-province.ts';
import { MB, type Percentiles, rate } from './stats.ts';
import type { StageFigures } from './sync-run.ts';

export interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  postgres: string;
  loadAverageAtStart: number[];
}

export interface BenchResults {
  main?: { machine: Machine; smoke: boolean; run: ProvinceRunFigures; wallSeconds: number };
  scaling?: {
    machine: Machine;
    sizes: (ProvinceRunFigures & { wallSeconds: number })[];
    wallSeconds: number;
  };
}

export const BEGIN = '<!-- bench:begin -->';
export const END = '<!-- bench:end -->';

const GOALS = {
  endToEnd: 10_000,
  endToEndShare: 0.3,
  provinceShare: 0.6,
  listP95: 50,
  dashboardP95: 200,
  rssBytes: 300 * MB,
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number | undefined, digits = 2) => (n === undefined ? '–' : n.toFixed(digits));
const ms = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n)} ms`);
const mb = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n / MB)} MB`);
const mark = (ok: boolean) => (ok ? '✔' : '✘');
const atLeast = (value: number, goal: number) => mark(value >= goal);
const atMost = (value: number | undefined, goal: number) => (value === undefined ? '–' : mark(value <= goal));
const latencies = (p: Percentiles | undefined) =>
  p ? `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)} (${p.count} batches)` : '–';

function machineLine(m: Machine): string {
  return (
    `${m.date.slice(0, 10)} · ${m.cpus} cores (${m.cpuModel.trim()}) · ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB · ` +
    `Node ${m.node} · PostgreSQL ${m.postgres} · load average at start ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`
  );
}

/** A receiving tier within the whole sync: what it takes per second of its own time spent on batches. */
const ingestRate = (stage: StageFigures) => rate(stage.records, stage.busySeconds ?? stage.seconds);

/** Province ingest alone: measured on its own when the run did so, else its busy rate within the sync. */
const provinceAloneRate = (run: ProvinceRunFigures) =>
  run.provinceAlone
    ? rate(run.provinceAlone.records, run.provinceAlone.seconds)
    : ingestRate(run.initial.stages.provinceIngest);

function aloneRow(tier: 'province' | 'national', run: ProvinceRunFigures, rawRate: number): string {
  const alone = tier === 'province' ? run.provinceAlone : run.nationalAlone;
  const perSecond =
    tier === 'province'
      ? provinceAloneRate(run)
      : alone
        ? rate(alone.records, alone.seconds)
        : ingestRate(run.initial.stages.nationalIngest);
  const senders = (n: number) => `${n} ${tier === 'province' ? 'school' : 'province'}${n === 1 ? '' : 's'}`;
  const how = alone
    ? `: ${int(alone.records)} records in ${fixed(alone.seconds, 1)} s, ${senders(alone.senders)} sending at once, ` +
      `batch p50 / p95 ${ms(alone.batchLatencyMs.p50)} / ${ms(alone.batchLatencyMs.p95)}, peak RSS ${mb(alone.peakRssBytes)}`
    : ' of its busy time within the whole sync';
  return `| ${tier} ingest alone ÷ raw bulk upsert | ${fixed(perSecond / rawRate)} (${int(perSecond)} records/s${how}) | ≥ 0.6 | ${atLeast(perSecond / rawRate, GOALS.provinceShare)} |`;
}

function initialSyncRows(run: ProvinceRunFigures, rawRate: number): string[] {
  const sync = run.initial;
  const endToEnd = rate(sync.students, sync.seconds);
  const province = ingestRate(sync.stages.provinceIngest);
  const rss = Object.values(sync.peakRssBytes).filter((n): n is number => n !== undefined);
  const { schoolSend, provinceIngest, nationalIngest } = sync.stages;
  return [
    `| end to end, student records/s (first "Đồng bộ" to last decision) | ${int(endToEnd)} (${int(sync.students)} students in ${fixed(sync.seconds, 1)} s) | ≥ 10,000 | ${atLeast(endToEnd, GOALS.endToEnd)} |`,
    `| end to end ÷ raw bulk upsert | ${fixed(endToEnd / rawRate)} | ≥ 0.3 | ${atLeast(endToEnd / rawRate, GOALS.endToEndShare)} |`,
    aloneRow('province', run, rawRate),
    aloneRow('national', run, rawRate),
    `| all records (school, staff, classes, students) | ${int(sync.records)}: ${int(sync.success)} Thành công, ${int(sync.failed)} failed | | |`,
    `| pressing "Đồng bộ" in ${int(sync.schools)} schools (outbox written) | ${fixed(sync.triggerSeconds, 1)} s | | |`,
    `| stage: school send, records/s | ${int(rate(schoolSend.records, schoolSend.seconds))} (last batch accepted at ${fixed(schoolSend.seconds, 1)} s) | | |`,
    `| stage: province ingest within the whole sync, records/s (wall · busy) | ${int(rate(provinceIngest.records, provinceIngest.seconds))} · ${int(province)} | | |`,
    `| stage: national ingest within the whole sync, records/s (wall · busy) | ${int(rate(nationalIngest.records, nationalIngest.seconds))} · ${int(ingestRate(nationalIngest))} (last batch at ${fixed(nationalIngest.seconds, 1)} s) | | |`,
    `| batch latency at the province, p50 / p95 / p99 | ${latencies(provinceIngest.batchLatencyMs)} | | |`,
    `| batch latency at the national tier, p50 / p95 / p99 | ${latencies(nationalIngest.batchLatencyMs)} | | |`,
    ...(run.databaseBytes
      ? [
          `| database size after the initial sync: school · province · national (bytes per record) | ${mb(run.databaseBytes.school)} · ${mb(run.databaseBytes.province)} · ${mb(run.databaseBytes.national)} (${int(run.databaseBytes.school / sync.records)} · ${int(run.databaseBytes.province / sync.records)} · ${int(run.databaseBytes.national / sync.records)}) | | |`,
        ]
      : []),
    `| peak RSS: school · province · national process | ${mb(sync.peakRssBytes.school)} · ${mb(sync.peakRssBytes.province)} · ${mb(sync.peakRssBytes.national)} | ≤ 300 MB | ${rss.length ? mark(Math.max(...rss) <= GOALS.rssBytes) : '–'} |`,
    ...(sync.firstFailures.length
      ? [`| failures by code | ${sync.firstFailures.map((f) => `${f.code} ×${f.n}`).join(', ')} | none | ✘ |`]
      : []),
  ];
}

const HEADER = ['| measure | figure | goal | |', '|---|---|---|---|'];

function mainSection(main: NonNullable<BenchResults['main']>): string[] {
  const { run } = main;
  const rawRate = rate(run.raw.rows, run.raw.seconds);
  const lines = [
    `### ${main.smoke ? 'Smoke run' : 'Default run'}: ${int(run.size.schools)} schools × ${int(run.size.studentsPerSchool)} students`,
    '',
    machineLine(main.machine),
    '',
    `Whole run ${fixed(main.wallSeconds / 60, 1)} min; generating the schools took ${fixed(run.seedSeconds, 1)} s.`,
    '',
    '#### Initial sync',
    '',
    ...HEADER,
    `| raw bulk upsert of the same student rows (COPY + INSERT … ON CONFLICT), rows/s | ${int(rawRate)} (${int(run.raw.rows)} rows: COPY ${fixed(run.raw.copySeconds)} s, upsert ${fixed(run.raw.upsertSeconds)} s) | the limit | |`,
    ...initialSyncRows(run, rawRate),
  ];
  if (run.daily) {
    const { sync } = run.daily;
    lines.push(
      '',
      '#### Daily changes',
      '',
      ...HEADER,
      `| 1% of students changed in every school, synced: time to the last Thành công | ${fixed(sync.seconds, 1)} s for ${int(run.daily.changed)} students (${int(rate(sync.students, sync.seconds))} students/s) | | |`,
      `| batch latency at the province · national, p95 | ${ms(sync.stages.provinceIngest.batchLatencyMs?.p95)} · ${ms(sync.stages.nationalIngest.batchLatencyMs?.p95)} | | |`,
      `| peak RSS: school · province · national | ${mb(sync.peakRssBytes.school)} · ${mb(sync.peakRssBytes.province)} · ${mb(sync.peakRssBytes.national)} | ≤ 300 MB | |`,
    );
  }
  if (run.screens) {
    const { figures: s, load } = run.screens;
    lines.push(
      '',
      '#### Screens under a concurrent sync load',
      '',
      `The load, running throughout: ${int(setupSchools(run))} schools added to the province pressing "Đồng bộ" ` +
        `(staff, then students; ${int(load.schools)} had pressed when the screens were done) and the tiers syncing ` +
        `(${int(load.decided)} records decided in the ${fixed(load.seconds, 1)} s of the screens). ${int(s.requests)} timed requests. ` +
        'Times are seen by the client, HTTP included, one request at a time.',
      '',
      '| screen | p50 | p95 | goal (p95) | |',
      '|---|---|---|---|---|',
      `| student list of a ${int(s.listStudents)}-student school (pages, search by name, filter by grade and status, sorts) | ${ms(s.list.p50)} | ${ms(s.list.p95)} | ≤ 50 ms | ${atMost(s.list.p95, GOALS.listP95)} |`,
      `| province dashboard (\`GET /api/dashboard\`), ${int(s.dashboardSchools)} schools | ${ms(s.dashboard.p50)} | ${ms(s.dashboard.p95)} | ≤ 200 ms | ${atMost(s.dashboard.p95, GOALS.dashboardP95)} |`,
      `| sync history and one run's items | ${ms(s.history.p50)} | ${ms(s.history.p95)} | | |`,
    );
  }
  return lines;
}

function scalingSection(scaling: NonNullable<BenchResults['scaling']>): string[] {
  return [
    '### Scaling: initial sync at growing sizes',
    '',
    machineLine(scaling.machine),
    '',
    `Whole run ${fixed(scaling.wallSeconds / 60, 1)} min.`,
    '',
    '| students | schools | raw upsert rows/s | end to end students/s | ÷ raw | province ingest ÷ raw | µs per student end to end | peak RSS school · province · national | run time |',
    '|---|---|---|---|---|---|---|---|---|',
    ...scaling.sizes.map((run) => {
      const rawRate = rate(run.raw.rows, run.raw.seconds);
      const endToEnd = rate(run.initial.students, run.initial.seconds);
      const { peakRssBytes: rss } = run.initial;
      return `| ${int(run.initial.students)} | ${int(run.size.schools)} | ${int(rawRate)} | ${int(endToEnd)} ${atLeast(endToEnd, GOALS.endToEnd)} | ${fixed(endToEnd / rawRate)} | ${fixed(provinceAloneRate(run) / rawRate)} | ${int(1e6 / endToEnd)} | ${mb(rss.school)} · ${mb(rss.province)} · ${mb(rss.national)} ${mark(Math.max(...Object.values(rss).map((n) => n ?? 0)) <= GOALS.rssBytes)} | ${fixed(run.wallSeconds / 60, 1)} min |`;
    }),
  ];
}

export function renderTables(results: BenchResults): string {
  const parts: string[][] = [];
  if (results.main) parts.push(mainSection(results.main));
  if (results.scaling) parts.push(scalingSection(results.scaling));
  return parts.map((p) => p.join('\n')).join('\n\n');
}

/** `existing` with the part between the markers replaced (or the tables alone when it has none). */
export function renderMarkdown(results: BenchResults, existing = ''): string {
  const tables = `${BEGIN}\n${renderTables(results)}\n${END}`;
  const begin = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  if (begin < 0 || end < begin) return `# Benchmarks\n\n${tables}\n`;
  return `${existing.slice(0, begin)}${tables}${existing.slice(end + END.length)}`;
}

/** Schools the screens phase added to reach the dashboard's count (the large school among them). */
const setupSchools = (run: ProvinceRunFigures) =>
  (run.screens?.figures.dashboardSchools ?? 0) - run.size.schools;
