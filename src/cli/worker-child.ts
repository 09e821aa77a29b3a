// The demo's sync work in a process of its own: `dongbo start` serves the three tiers' screens
// and starts `dongbo worker` beside itself, so a clerk's list never waits behind a batch in the
// same event loop — the way a real deployment runs `serve --web-only` and `worker`. The worker
// is started again if it dies, and ends when the demo does (even one killed outright).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Set for a worker the demo started: it watches that its parent is still there. */
export const PARENT_ENV = 'DONGBO_WORKER_PARENT';

export interface WorkerChild {
  stop(): Promise<void>;
}

/** Starts `dongbo worker` with `env` added, resolves once it runs; `say` hears when it restarts. */
export async function startWorkerChild(
  env: NodeJS.ProcessEnv,
  say: (line: string) => void,
): Promise<WorkerChild> {
  let stopping = false;
  let child = await spawnWorker(env);
  const restartWhenDead = (running: ChildProcess) =>
    running.once('exit', (code) => {
      if (stopping) return;
      say(`Tiến trình đồng bộ dừng bất thường (mã ${code}); đang chạy lại.`);
      setTimeout(async () => {
        if (stopping) return;
        child = await spawnWorker(env).catch((error: Error) => {
          say(`Không chạy lại được tiến trình đồng bộ: ${error.message}`);
          return child;
        });
        if (child !== running) restartWhenDead(child);
      }, 1_000);
    });
  restartWhenDead(child);
  return {
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function spawnWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  // The same Node.js, flags and entry point as this process, with the `worker` command.
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'worker'], {
    env: { ...process.env, ...env, [PARENT_ENV]: String(process.pid) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('đang chạy')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`dongbo worker dừng (mã ${code}) trước khi chạy.`)));
  });
}

/** In a worker the demo started: ends it once the demo is gone, however the demo ended. */
export function endWithParent(env: NodeJS.ProcessEnv, stop: () => Promise<void>): void {
  const parent = Number(env[PARENT_ENV]);
  if (!parent) return;
  const alive = () => {
    try {
      process.kill(parent, 0);
      return true;
    } catch {
      return false;
    }
  };
  setInterval(() => {
    if (!alive()) stop().finally(() => process.exit(0));
  }, 1_000).unref();
}
