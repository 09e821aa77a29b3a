// `npm run security:sqlmap`: Debian's sqlmap against the list and search endpoints (the school's
// student, staff and class lists with their filters, the province dashboard, the registry
// look-up), signed in, on a demo started for the run on a temporary embedded PostgreSQL.
// Exits 1 on any finding, 2 when sqlmap is missing. Run by hand: it takes minutes.
//
//   SQLMAP_LEVEL=3 SQLMAP_RISK=3 npm run security:sqlmap   (defaults: level 2, risk 2)
//   SQLMAP_VERBOSE=1 npm run security:sqlmap               (sqlmap's own report of each target)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '#seed/demo-access.ts';
import { freePort, startCli } from '../helpers/cli.ts';

const LEVEL = process.env.SQLMAP_LEVEL ?? '2';
const RISK = process.env.SQLMAP_RISK ?? '2';

function requireSqlmap(): void {
  const probe = spawnSync('sqlmap', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    console.error(
      'sqlmap is not installed, so nothing was tested. On Debian or Ubuntu: sudo apt-get install sqlmap',
    );
    process.exit(2);
  }
  console.log(`sqlmap ${probe.stdout.trim().split('\n')[0]}`);
}

async function signIn(base: string, username: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 200 || !cookie) throw new Error(`signing in as ${username}: ${response.status}`);
  return cookie;
}

async function getJson<T>(url: string, cookie: string): Promise<T> {
  const response = await fetch(url, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Target {
  name: string;
  url: string;
  cookie: string;
}

/** Runs sqlmap on one URL (every query parameter, and at level 2 the cookie); true when it found an injection. */
function sqlmap(target: Target, outputDir: string): Promise<boolean> {
  const args = [
    '-u',
    target.url,
    '--cookie',
    target.cookie,
    '--batch',
    '--dbms=PostgreSQL',
    `--level=${LEVEL}`,
    `--risk=${RISK}`,
    '--threads=2',
    '--flush-session',
    // Testing the session cookie itself spoils it (401); go on to the other headers.
    '--ignore-code=401',
    '--disable-coloring',
    `--output-dir=${outputDir}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('sqlmap', args);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', () => {
      // Only a confirmed finding: sqlmap also says a parameter "appears to be injectable" before
      // it checks for a false positive.
      const found = output.includes('identified the following injection point');
      if (found || process.env.SQLMAP_VERBOSE) console.log(output);
      resolve(found);
    });
  });
}

async function main(): Promise<void> {
  requireSqlmap();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'dongbo-sqlmap-'));
  const ports = {
    pg: await freePort(),
    school: await freePort(),
    province: await freePort(),
    national: await freePort(),
  };
  const demo = startCli([
    'start',
    `--data-dir=${dataDir}`,
    `--pg-port=${ports.pg}`,
    `--school-port=${ports.school}`,
    `--province-port=${ports.province}`,
    `--national-port=${ports.national}`,
  ]);
  const started = Date.now();
  let findings = 0;
  try {
    await demo.waitFor('Nhấn Ctrl-C để dừng.', 180_000);
    const school = `http://127.0.0.1:${ports.school}`;
    const province = `http://127.0.0.1:${ports.province}`;
    const schoolCookie = await signIn(school, 'tinhoc.th');
    const provinceCookie = await signIn(province, 'so.quantri');
    // Real values, so that the filters match rows and a true condition looks different from a false one.
    const classes = await getJson<{ items: { id: string; data: { grade: string; schoolYear: string } }[] }>(
      `${school}/api/classes`,
      schoolCookie,
    );
    const cls = classes.items[0]!;
    const students = await getJson<{ items: { fullName: string; personalId: string | null }[] }>(
      `${school}/api/students?classId=${cls.id}`,
      schoolCookie,
    );
    const pupil = students.items.find((s) => s.personalId) ?? students.items[0]!;
    const name = encodeURIComponent(pupil.fullName.split(' ').at(-1)!);
    const year = cls.data.schoolYear;

    const targets: Target[] = [
      {
        name: 'danh sách học sinh',
        url: `${school}/api/students?q=${name}&classId=${cls.id}&grade=${cls.data.grade}&statusCode=01&schoolYear=${year}&sort=name&order=asc&page=1&pageSize=50`,
        cookie: schoolCookie,
      },
      {
        name: 'danh sách cán bộ',
        url: `${school}/api/staff?q=${name}&statusCode=01&sort=name&order=asc&page=1&pageSize=50`,
        cookie: schoolCookie,
      },
      {
        name: 'danh sách lớp',
        url: `${school}/api/classes?q=${encodeURIComponent(cls.data.grade)}&grade=${cls.data.grade}&status=active&schoolYear=${year}&page=1&pageSize=50`,
        cookie: schoolCookie,
      },
      {
        name: 'bảng theo dõi của Sở',
        url: `${province}/api/dashboard?unitKey=P40&q=${name}`,
        cookie: provinceCookie,
      },
      {
        name: 'tra cứu định danh',
        url: `${province}/api/registry/lookup?q=${pupil.personalId ?? '040215000001'}`,
        cookie: provinceCookie,
      },
    ];
    for (const target of targets) {
      const t0 = Date.now();
      const found = await sqlmap(target, path.join(dataDir, 'sqlmap'));
      findings += found ? 1 : 0;
      const seconds = Math.round((Date.now() - t0) / 1000);
      console.log(`${found ? 'FOUND' : 'clean'}  ${target.name} (${seconds} s)  ${target.url}`);
    }
  } finally {
    await demo.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(
    findings > 0
      ? `sqlmap found an injection in ${findings} endpoint(s) (${minutes} min).`
      : `sqlmap found nothing at level ${LEVEL}, risk ${RISK} (${minutes} min).`,
  );
  process.exitCode = findings > 0 ? 1 : 0;
}

await main();
