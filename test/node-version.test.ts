// A newcomer on an older Node.js than dongbo needs (Debian's 20, say) is told in one line which
// Node.js is needed, which one was found and where to get it — by `dongbo`, `npm start` and
// `npm test` alike — instead of Node's own "bad option: --experimental-strip-types".
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript without types, so that an old Node.js runs it as it is.
import { nodeVersionProblem, requiredMajor } from '../bin/node-version.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SYSTEM_NODE = '/usr/bin/node';

/** Debian's own Node.js, when it is older than dongbo needs: a real old Node to run dongbo on. */
function oldSystemNode(): string | null {
  try {
    const version = execFileSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).trim();
    return nodeVersionProblem(version, requiredMajor()) ? version : null;
  } catch {
    return null;
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The one line: needed version, found version, where to get it, in Vietnamese and English. */
function expectTheLine(text: string, found: string) {
  const lines = text.split('\n').filter((line) => line.startsWith('dongbo: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('cần Node.js 24 trở lên');
  expect(lines[0]).toContain(`Node.js ${found.replace(/^v/, '')}`);
  expect(lines[0]).toContain('needs Node.js 24 or newer');
  expect(lines[0]).toContain('https://nodejs.org');
  expect(text).not.toContain('bad option');
}

describe('an older Node.js than dongbo needs', () => {
  it('asks for the Node.js package.json’s engines names, 24 or newer', async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.engines.node).toBe('>=24');
    expect(requiredMajor()).toBe(24);
    expect(manifest.scripts.pretest).toBe('node bin/node-version.js');
  });

  it.each([
    ['v20.20.2', false],
    ['18.19.0', false],
    ['v22.18.0', false],
    ['v23.11.1', false],
    ['v24.0.0', true],
    ['v25.2.1', true],
  ])('judges Node.js %s (good enough: %s)', (version, enough) => {
    const problem = nodeVersionProblem(version, 24);
    if (enough) expect(problem).toBeNull();
    else expectTheLine(problem, version);
  });

  it('passes on the Node.js running the tests, silently', async () => {
    const { code, stdout, stderr } = await run(process.execPath, ['bin/node-version.js']);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  const oldNode = oldSystemNode();
  describe.runIf(oldNode)(`on Debian’s own Node.js (${oldNode})`, () => {
    // A folder whose `node` is the old one, first on PATH: what `npm start` finds on such a machine.
    let oldPath: string;
    beforeAll(async () => {
      oldPath = await mkdtemp(path.join(tmpdir(), 'dongbo-old-node-'));
      await symlink(SYSTEM_NODE, path.join(oldPath, 'node'));
    });
    afterAll(() => rm(oldPath, { recursive: true, force: true }));
    const withOldNode = () => ({ ...process.env, PATH: `${oldPath}:${process.env.PATH}` });

    it('`dongbo start` says so in one line and exits 1, starting nothing', async () => {
      const { code, stdout, stderr } = await run(SYSTEM_NODE, ['bin/dongbo.js', 'start']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expectTheLine(stderr, oldNode!);
    });

    it.each([['start'], ['test']])('`npm %s` says so before anything else runs', async (script) => {
      const { code, stderr } = await run('npm', [script], withOldNode());
      expect(code).not.toBe(0);
      expectTheLine(stderr, oldNode!);
    });
  });
});
