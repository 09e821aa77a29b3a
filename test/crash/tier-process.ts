// One tier as its own `dongbo serve` process, which the crash test kills with SIGKILL and starts
// again on the same database and port.
import type { TierName } from '#domain/tiers.ts';
import { type RunningCli, startCli } from '../helpers/cli.ts';
import { serveArguments } from '../helpers/tier-process.ts';

export interface TierProcess {
  tier: TierName;
  start(): void;
  /** SIGKILL: no shutdown, no flushing, transactions cut wherever they were. */
  kill(): Promise<void>;
  /** SIGTERM, the orderly stop. */
  stop(): Promise<void>;
  /** Resolves once GET /api/health answers that the tier and its database are up. */
  healthy(timeoutMs: number): Promise<void>;
  /** Errors the process logged in all its lives (a request that ended in a 500 among them). */
  loggedErrors(): string[];
}

export function tierProcess(
  tier: TierName,
  options: { port: number; databaseUrl: string; upstream?: string },
): TierProcess {
  const url = `http://127.0.0.1:${options.port}`;
  const args = serveArguments(tier, options);
  const pastOutput: string[] = [];
  let current: RunningCli | undefined;

  const exited = (cli: RunningCli) =>
    cli.child.exitCode !== null || cli.child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => cli.child.once('close', () => resolve()));

  return {
    tier,
    start() {
      if (current) pastOutput.push(current.output());
      current = startCli(args, { DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'error' });
    },
    async kill() {
      if (!current) return;
      const done = exited(current);
      current.child.kill('SIGKILL');
      await done;
    },
    async stop() {
      await current?.stop();
    },
    async healthy(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const answer = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
          async (response) => (response.ok ? ((await response.json()) as { status: string }) : undefined),
          () => undefined,
        );
        if (answer?.status === 'ok') return;
        if (Date.now() > deadline)
          throw new Error(`${tier} not healthy within ${timeoutMs} ms:\n${current?.output().slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    loggedErrors() {
      const lines = [...pastOutput, current?.output() ?? ''].join('\n').split('\n');
      // pino writes one JSON object per line; level 50 is error, 60 fatal.
      return lines.filter((line) => /"level":(5|6)0/.test(line));
    },
  };
}
