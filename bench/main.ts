// `npm run bench`: dongbo's throughput, latency and memory against the physical limit of the
// machine it runs on (DESIGN §7). See docs/benchmarks.md for what is measured and how.
//
//   npm run bench                          the default province, every measure, into docs/
//   npm run bench -- --students 1000000    a larger province
//   npm run bench -- --scale               initial sync at 10k, 100k and 1M students, into docs/
//   npm run bench -- --smoke               a tiny province, into a temporary directory (CI)
//   --database-url URL (or BENCH_DATABASE_URL)  an external PostgreSQL instead of the embedded one
//   --profile                              CPU profiles of the tier processes (node --cpu-prof)
//   --sync-work apart                      school and province serve with --web-only, a
//                                          `dongbo worker` process beside each syncs
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adminQuery, startPostgres } from './cluster.ts';
import { type BenchResults, type Machine, renderMarkdown } from './report.ts';
import { type ProvinceRunOptions, runProvince, type ScreenSetup } from './run-province.ts';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    students: { type: 'string' },
    'students-per-school': { type: 'string', default: '500' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    'database-url': { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'sync-work': { type: 'string', default: 'in-process' },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);
const perSchool = Number(values['students-per-school']);
const sizeOf = (students: number) => ({
  schools: Math.max(1, Math.ceil(students / perSchool)),
  studentsPerSchool: Math.min(perSchool, students),
});

const out = values.out
  ? path.resolve(values.out)
  : values.smoke
    ? await mkdtemp(path.join(os.tmpdir(), 'dongbo-bench-'))
    : path.resolve(import.meta.dirname, '../docs');
await mkdir(out, { recursive: true });
const jsonFile = path.join(out, 'benchmarks.json');
const previous: BenchResults = await readFile(jsonFile, 'utf8')
  .then((text) => JSON.parse(text))
  .catch(() => ({}));

const loadAtStart = os.loadavg();
const postgres = await startPostgres(values['database-url'] ?? process.env.BENCH_DATABASE_URL);
const began = performance.now();
try {
  const [{ server_version: postgresVersion }] = (await adminQuery<{ server_version: string }>(
    postgres.serverUrl,
    'SHOW server_version',
  )) as [{ server_version: string }];
  const machine: Machine = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memoryBytes: os.totalmem(),
    node: process.version,
    postgres: `${postgresVersion}${postgres.embedded ? ' (embedded)' : ''}`,
    loadAverageAtStart: loadAtStart,
  };
  const profileDir = values.profile ? path.join(out, 'profiles') : undefined;
  const syncWork = values['sync-work'] === 'apart' ? 'apart' : 'in-process';
  const base: Omit<ProvinceRunOptions, 'size'> = { serverUrl: postgres.serverUrl, profileDir, syncWork, log };
  log(
    `dongbo bench — ${machine.cpus} cores, load ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, PostgreSQL ${machine.postgres}`,
  );

  const results: BenchResults = { ...previous };
  if (values.scale) {
    const sizes = [];
    for (const students of values.sizes.split(',').map(Number)) {
      log(`Scaling: ${students} students`);
      const started = performance.now();
      const run = await runProvince({ ...base, size: sizeOf(students) });
      sizes.push({ ...run, wallSeconds: (performance.now() - started) / 1000 });
    }
    results.scaling = { machine, sizes, wallSeconds: (performance.now() - began) / 1000 };
  } else {
    const smoke = values.smoke;
    const students = Number(values.students ?? (smoke ? 200 : 100_000));
    const screens: ScreenSetup = smoke
      ? { bigSchoolStudents: 300, provinceSchools: 12, studentsPerAddedSchool: 20, rounds: 3 }
      : { bigSchoolStudents: 3000, provinceSchools: 2000, studentsPerAddedSchool: 20, rounds: 100 };
    log(`Province: ${students} students`);
    const run = await runProvince({
      ...base,
      size: smoke ? { schools: 4, studentsPerSchool: 50 } : sizeOf(students),
      screens,
    });
    results.main = { machine, smoke, run, wallSeconds: (performance.now() - began) / 1000 };
  }
  await writeFile(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  const markdownFile = path.join(out, 'benchmarks.md');
  const existing = await readFile(markdownFile, 'utf8').catch(() => '');
  await writeFile(markdownFile, renderMarkdown(results, existing));
  log(`Written: ${markdownFile} and ${jsonFile}`);
} finally {
  await postgres.stop();
}
