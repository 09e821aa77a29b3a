// `dongbo start` as a new user runs it: three tiers on an embedded PostgreSQL it starts
// itself, the demo seeded on the first run only, the data kept across a stop and a start, and
// across a kill -9 that leaves the PostgreSQL running behind it.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE, secretKeysFromEnv } from '#cli/secret-keys.ts';
import { isAlive } from '#db/embedded-lock.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '#seed/demo-access.ts';
import { basicAuthorization } from '#server/auth/machine-credentials.ts';
import { upstreamFromRow } from '#sync/send/upstream.ts';
import { freePort, runCli, startCli } from './helpers/cli.ts';
import { schoolApi, until } from './helpers/school-api.ts';

// As a new user runs it: no key set, so the data folder gets one.
const NO_KEY = { DONGBO_SECRET_KEY: '' };

describe('dongbo start', () => {
  let dataDir: string;
  let flags: string[];
  let ports: { pg: number; school: number; province: number; national: number };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'dongbo-start-'));
    ports = {
      pg: await freePort(),
      school: await freePort(),
      province: await freePort(),
      national: await freePort(),
    };
    flags = [
      '--data-dir',
      dataDir,
      '--pg-port',
      String(ports.pg),
      '--school-port',
      String(ports.school),
      '--province-port',
      String(ports.province),
      '--national-port',
      String(ports.national),
    ];
  });
  /** A PostgreSQL left behind by a kill -9, if a test fails before a start stops it. */
  let orphan: number | undefined;
  afterAll(async () => {
    if (orphan && isAlive(orphan)) process.kill(orphan, 'SIGQUIT');
    await rm(dataDir, { recursive: true, force: true });
  });

  async function querySchoolTier<Row extends object>(text: string): Promise<Row[]> {
    const password = (await readFile(path.join(dataDir, 'postgres.secret'), 'utf8')).trim();
    const client = new pg.Client({
      host: '127.0.0.1',
      port: ports.pg,
      user: 'postgres',
      password,
      database: 'dongbo_school',
    });
    await client.connect();
    try {
      return (await client.query<Row>(text)).rows;
    } finally {
      await client.end();
    }
  }
  /** The `dongbo worker` processes the demo of process `pid` started, still running. */
  async function workersOf(pid: number): Promise<number[]> {
    const found: number[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
      if (environ.split('\0').includes(`DONGBO_WORKER_PARENT=${pid}`)) found.push(Number(entry));
    }
    return found;
  }

  const studentIds = async () =>
    (await querySchoolTier<{ id: string }>('SELECT id FROM students ORDER BY id')).map((r) => r.id);

  it('serves the three tiers, seeds the demo once, and keeps the data after a stop and a start', async () => {
    const first = startCli(['start', ...flags], NO_KEY);
    await first.waitFor('Nhấn Ctrl-C để dừng.', 90_000);
    expect(first.output()).toMatch(
      /Lần chạy đầu: đã tạo dữ liệu mẫu 3 trường, \d+ lớp, \d+ cán bộ, 360 học sinh/,
    );
    for (const [tier, port] of [
      ['school', ports.school],
      ['province', ports.province],
      ['national', ports.national],
    ] as const) {
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health).toMatchObject({ tier, status: 'ok', database: 'ok' });
      expect(first.output()).toContain(`http://localhost:${port}`);
    }
    const page = await fetch(`http://127.0.0.1:${ports.school}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const before = await studentIds();
    expect(before).toHaveLength(360);

    // The demo logins are printed and work; the schools' sync credentials open the province.
    expect(first.output()).toContain(`Tài khoản demo (mật khẩu: ${DEMO_PASSWORD})`);
    for (const login of DEMO_LOGINS) expect(first.output()).toContain(login.username);
    const login = await fetch(`http://127.0.0.1:${ports.school}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'tinhoc.th', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { unit: { name: string } }).unit.name).toMatch(/^Trường Tiểu học/);

    // "Đồng bộ" goes up and its answer comes back: the demo's sync work runs in its worker.
    expect(await workersOf(first.child.pid!)).toHaveLength(1);
    const api = schoolApi(
      `http://127.0.0.1:${ports.school}`,
      login.headers.get('set-cookie')!.split(';')[0]!,
    );
    const started = await api('POST', '/api/school/sync', { allUnsynced: true });
    expect(started.status).toBe(202);
    const runs = await until(
      () => api('GET', '/api/sync/runs'),
      (r) =>
        r.body.items.some(
          (run: { id: string; counts: { success: number } }) =>
            run.id === started.body.runId && run.counts.success === 1,
        ),
    );
    expect(runs.body.items[0].counts).toMatchObject({ pending: 0, failed: 0, success: 1 });
    const credentials = await querySchoolTier<{
      unit_key: string;
      upstream_url: string;
      client_id: string;
      client_secret_sealed: string;
      updated_at: Date;
    }>('SELECT * FROM upstream_credentials ORDER BY unit_key');
    expect(credentials).toHaveLength(3);
    // The schools' sync secrets are sealed with the key made in the data folder, for its owner only.
    expect((await stat(path.join(dataDir, SECRET_KEY_FILE))).mode & 0o777).toBe(0o600);
    const keys = await secretKeysFromEnv({}, dataDir);
    for (const credential of credentials) {
      expect(credential.upstream_url).toBe(`http://localhost:${ports.province}`);
      const { secret } = upstreamFromRow(credential, keys);
      expect(JSON.stringify(credential)).not.toContain(secret);
      const whoami = await fetch(`http://127.0.0.1:${ports.province}/api/sync/v1/whoami`, {
        headers: { authorization: basicAuthorization(credential.client_id, secret) },
      });
      expect(((await whoami.json()) as { unit: { key: string } }).unit.key).toBe(credential.unit_key);
    }

    // A second run on the same data folder is refused with a clear message.
    const second = await runCli(
      ['start', ...flags.slice(0, 4), '--school-port', String(await freePort())],
      NO_KEY,
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/đang được một lần chạy khác của dongbo sử dụng/);

    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('Đã dừng.');
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const again = startCli(['start', ...flags], NO_KEY);
    await again.waitFor('Nhấn Ctrl-C để dừng.', 90_000);
    expect(again.output()).toContain('Dùng lại dữ liệu đã có từ lần chạy trước.');
    expect(await studentIds()).toEqual(before);
    expect(await again.stop()).toBe(0);
  }, 120_000);

  it('starts again after being killed with SIGKILL, stopping the PostgreSQL it left running, with the data kept', async () => {
    const lockFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const postmaster = async () => Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
    const first = startCli(['start', ...flags], NO_KEY);
    await first.waitFor('Nhấn Ctrl-C để dừng.', 90_000);
    const before = await studentIds();
    orphan = await postmaster();

    const gone = new Promise((resolve) => first.child.once('close', resolve));
    first.child.kill('SIGKILL');
    await gone;
    const killedAt = performance.now();
    // Nothing stopped its PostgreSQL: it still runs, holding the folder and the port.
    expect(isAlive(orphan)).toBe(true);
    // Its worker sees it gone and ends too.
    const left = await until(
      () => workersOf(first.child.pid!),
      (workers) => workers.length === 0,
    );
    expect(left).toEqual([]);

    const again = startCli(['start', ...flags], NO_KEY);
    await again.waitFor('Nhấn Ctrl-C để dừng.', 90_000);
    const restartSeconds = (performance.now() - killedAt) / 1000;
    console.log(
      `dongbo start after kill -9: all three tiers answering again ${restartSeconds.toFixed(1)} s after the kill`,
    );
    for (const port of [ports.school, ports.province, ports.national]) {
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'ok' });
    }
    expect(again.output()).toContain('Dùng lại dữ liệu đã có từ lần chạy trước.');
    expect(await studentIds()).toEqual(before);
    // Its own server, the orphan stopped first (and said so in the server's log).
    expect(await postmaster()).not.toBe(orphan);
    expect(await readFile(path.join(dataDir, 'postgres.log'), 'utf8')).toContain(
      `PostgreSQL nhúng (PID ${orphan}) còn chạy`,
    );
    expect(await again.stop()).toBe(0);
  }, 180_000);

  it('says which port is taken, and leaves nothing running', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.province, '127.0.0.1', resolve));
    try {
      const { code, stderr } = await runCli(['start', ...flags], NO_KEY);
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`Cổng ${ports.province} đã có chương trình khác sử dụng`));
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 120_000);
});
