#!/usr/bin/env node
// Runs the dongbo command line from its TypeScript sources, which Node.js strips of their types.
// An older Node.js than package.json's engines asks for is told so in one line before anything
// else runs (node-version.js); so this file stays plain JavaScript that an old Node can parse.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireNode } from './node-version.js';

requireNode();

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

// V8 sizes its heap for throughput on large machines: a young generation of tens of MB, and an
// old generation let grow to three or four times what is live before it is collected (a tier
// keeps about 40 MB live while syncing, and held 300 MB). A 16 MB young generation and an old one
// collected at one and a half times its live size keep a tier near 200 MB while syncing, with no
// throughput lost that `npm run bench` can measure (8 MB saves 10 MB more, for half as much
// again of the time spent collecting). Node takes these only as start-up flags, so dongbo
// restarts itself with them — process.execve replaces the process, none stays behind — unless it
// was given heap flags of its own.
const HEAP_FLAGS = ['--max-semi-space-size=16', '--heap-growing-percent=50'];
const heapFlagGiven = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some(
  (flag) => flag.includes('semi-space-size') || flag.includes('heap-growing-percent'),
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
  import(main);
} else {
  // Type stripping turned off (--no-experimental-strip-types): a child process with it on.
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
