// Whether the dongbo that started a folder's PostgreSQL still runs, and whether a process is
// that folder's server: decided by real processes, a living one and one that has ended.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetOwner, ownerRunning, recordOwner, servesCluster } from './embedded-lock.ts';

describe('the owner of an embedded PostgreSQL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'dongbo-owner-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const ended = async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('close', resolve));
    return child.pid!;
  };

  it('is running while the process that recorded itself runs, and not once it has ended', async () => {
    await recordOwner(dataDir);
    expect(await ownerRunning(dataDir)).toBe(true);

    await writeFile(path.join(dataDir, 'dongbo.pid'), `${await ended()}\n\n`);
    expect(await ownerRunning(dataDir)).toBe(false);
  });

  it('is not a living process that started after the owner recorded its number', async () => {
    // The number recorded is this process's, but the start time is another's: the owner ended
    // and its number went to a later process.
    await writeFile(path.join(dataDir, 'dongbo.pid'), `${process.pid}\n1\n`);
    expect(await ownerRunning(dataDir)).toBe(process.platform === 'win32');
  });

  it('counts as running when nothing was recorded (a folder of an older dongbo)', async () => {
    await forgetOwner(dataDir);
    expect(await ownerRunning(dataDir)).toBe(true);
  });

  it('tells that a living process other than PostgreSQL does not serve the cluster', async () => {
    expect(await servesCluster(process.pid, dataDir)).toBe(process.platform === 'win32' ? undefined : false);
  });
});
