import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartupError } from '#db/embedded.ts';
import { SECRET_KEY_FILE, secretKeysFromEnv } from './secret-keys.ts';

describe('the key that seals stored secrets', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'dongbo-key-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is made once in the data folder, readable by its owner alone, and kept', async () => {
    const dataDir = path.join(root, 'fresh', 'data');
    // Several processes starting at once on a new folder agree on one key.
    const made = await Promise.all([1, 2, 3, 4].map(() => secretKeysFromEnv({}, dataDir)));
    const file = path.join(dataDir, SECRET_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    for (const keys of made) expect(keys.current.equals(made[0]!.current)).toBe(true);
    expect((await secretKeysFromEnv({}, dataDir)).current.equals(made[0]!.current)).toBe(true);
  });

  it('comes from DONGBO_SECRET_KEY when set, with DONGBO_SECRET_KEY_OLD during a rotation', async () => {
    const dataDir = path.join(root, 'unused');
    const current = randomBytes(32);
    const previous = randomBytes(32);
    const keys = await secretKeysFromEnv(
      { DONGBO_SECRET_KEY: current.toString('base64'), DONGBO_SECRET_KEY_OLD: previous.toString('base64') },
      dataDir,
    );
    expect(keys.current.equals(current)).toBe(true);
    expect(keys.previous?.equals(previous)).toBe(true);
    await expect(stat(path.join(dataDir, SECRET_KEY_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a key that is not 32 bytes of base64, saying how to make one', async () => {
    for (const bad of ['short', randomBytes(16).toString('base64'), `${randomBytes(32).toString('hex')}`]) {
      const attempt = secretKeysFromEnv({ DONGBO_SECRET_KEY: bad }, root);
      await expect(attempt).rejects.toThrow(StartupError);
      await expect(attempt).rejects.toThrow(/openssl rand -base64 32/);
    }
  });
});
