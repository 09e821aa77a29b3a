#!/usr/bin/env node
// Runs the dongbo command line from its TypeScript sources. Node.js 23.6+ and 22.18+ strip
// types by default; older 22.x releases need the flag, so they get a child process with it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

// V8's default young generation (tens of MB, sized for throughput on large machines) makes a
// long-running tier hold far more memory than it uses; a small one costs no throughput that
// `npm run bench` can measure. Node takes it only as a start-up flag, so dongbo restarts itself
// with it — process.execve replaces the process, none stays behind — unless it was given one.
const HEAP_FLAGS = ['--max-semi-space-size=8'];
const heapFlagGiven = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((flag) =>
  flag.includes('semi-space-size'),
);

if (process.features.typescript) {
  if (!heapFlagGiven && typeof process.execve === 'function') {
    process.execve(process.execPath, [
      process.execPath,
      ...HEAP_FLAGS,
      ...process.execArgv,
      ...process.argv.slice(1),
    ]);
  }
  await import(main);
} else {
  const child = spawn(
    process.execPath,
    [
      '--experimental-strip-types',
      '--disable-warning=ExperimentalWarning',
      ...(heapFlagGiven ? [] : HEAP_FLAGS),
      main,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}
