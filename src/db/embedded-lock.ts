// Who holds the embedded PostgreSQL of a data folder. dongbo starts the server as a child
// process; when dongbo is killed outright (kill -9, the out-of-memory killer, a closed terminal
// session), the server goes on running without it, holding the folder and the port, and nobody is
// left to stop it. So each run writes its own process id beside the cluster (with the moment the
// process started, so that a later process given the same id is not taken for it), and a start
// that finds the server still running asks whether that dongbo is alive: if so it refuses, as
// two runs must not share a folder; if not, it stops the orphaned server and starts afresh.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const OWNER_FILE = 'dongbo.pid';
const LINUX = existsSync('/proc/self/stat');

/**
 * A living process's start time, as the system tells it: null when the process is gone (or has
 * ended and waits to be reaped, as a killed dongbo may under a container's init), undefined when
 * the system does not say.
 */
async function startTime(pid: number): Promise<string | null | undefined> {
  if (process.platform === 'win32') return isAlive(pid) ? undefined : null;
  try {
    if (LINUX) {
      // The fields after the command name (which may hold spaces, inside parentheses): the
      // state first, the start time 20th.
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return /^[ZX]/.test(fields[0]!) ? null : fields[19];
    }
    const { stdout } = await promisify(execFile)('ps', ['-o', 'stat=,lstart=', '-p', String(pid)]);
    return /^\s*Z/.test(stdout) ? null : stdout.trim().split(/\s+/).slice(1).join(' ') || undefined;
  } catch (error) {
    // No such process: /proc has no entry, ps exits 1.
    const code = (error as { code?: unknown }).code;
    return code === 'ENOENT' || code === 1 ? null : undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Written once the server has started: this process now holds the folder. */
export async function recordOwner(dataDir: string): Promise<void> {
  await writeFile(
    path.join(dataDir, OWNER_FILE),
    `${process.pid}\n${(await startTime(process.pid)) ?? ''}\n`,
  );
}

export async function forgetOwner(dataDir: string): Promise<void> {
  await rm(path.join(dataDir, OWNER_FILE), { force: true });
}

/**
 * Whether the dongbo that last started the folder's server still runs. Without a record (a
 * folder of an older dongbo) nobody can tell, and it counts as running.
 */
export async function ownerRunning(dataDir: string): Promise<boolean> {
  const record = await readFile(path.join(dataDir, OWNER_FILE), 'utf8').catch(() => undefined);
  if (record === undefined) return true;
  const [pid, started] = record.split('\n');
  const now = await startTime(Number(pid));
  if (now === null) return false;
  return !started || now === undefined || started === now;
}

/**
 * Whether the process `pid` is a PostgreSQL server of `clusterDir` (the server works from its
 * data folder); undefined when the system does not say.
 */
export async function servesCluster(pid: number, clusterDir: string): Promise<boolean | undefined> {
  try {
    const cluster = await realpath(clusterDir);
    if (LINUX) {
      const name = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
      return name === 'postgres' && (await readlink(`/proc/${pid}/cwd`)) === cluster;
    }
    if (process.platform === 'win32') return undefined;
    const command = (await promisify(execFile)('ps', ['-o', 'command=', '-p', String(pid)])).stdout;
    const dir = / -D (\S+)/.exec(command)?.[1];
    return /postgres/.test(command) && dir !== undefined && (await realpath(dir)) === cluster;
  } catch {
    return undefined;
  }
}

/**
 * Stops a server nobody owns any more: a fast shutdown (its clients are gone with their
 * dongbo), then an immediate one if it does not end. Done once the server has removed its lock
 * file, which it does last.
 */
export async function stopOrphanedServer(pid: number, lockFile: string): Promise<boolean> {
  for (const [signal, waitMs] of [
    ['SIGINT', 60_000],
    ['SIGQUIT', 10_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return !existsSync(lockFile) || !isAlive(pid);
    }
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; ) {
      if (!existsSync(lockFile)) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}
