// Where the key that seals stored secrets comes from: DONGBO_SECRET_KEY (base64 of 32 bytes),
// or else a key file made once in the data folder, readable by its owner alone. During a
// rotation the old key is given as DONGBO_SECRET_KEY_OLD; secrets are sealed anew at start.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from '#db/embedded.ts';
import { SECRET_KEY_BYTES, type SecretKeys } from '#db/secret-box.ts';

export const SECRET_KEY_FILE = 'secret.key';

export async function secretKeysFromEnv(env: NodeJS.ProcessEnv, dataDir: string): Promise<SecretKeys> {
  const current = env.DONGBO_SECRET_KEY
    ? parseKey('DONGBO_SECRET_KEY', env.DONGBO_SECRET_KEY)
    : await keyFromFile(path.join(dataDir, SECRET_KEY_FILE));
  const previous = env.DONGBO_SECRET_KEY_OLD
    ? parseKey('DONGBO_SECRET_KEY_OLD', env.DONGBO_SECRET_KEY_OLD)
    : undefined;
  return { current, ...(previous && !previous.equals(current) ? { previous } : {}) };
}

function parseKey(where: string, text: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(trimmed) || key.length !== SECRET_KEY_BYTES) {
    throw new StartupError(
      `${where} phải là ${SECRET_KEY_BYTES} byte ngẫu nhiên viết dạng base64 (44 ký tự), ví dụ tạo bằng: openssl rand -base64 32`,
    );
  }
  return key;
}

/** The data folder's key, made on first use; several processes starting at once agree on one. */
async function keyFromFile(file: string): Promise<Buffer> {
  try {
    return await readKeyFile(file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  // Written whole under a name of its own, then linked into place: a process that loses the
  // race reads the winner's key, never a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, `${randomBytes(SECRET_KEY_BYTES).toString('base64')}\n`, { mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  return readKeyFile(file);
}

async function readKeyFile(file: string): Promise<Buffer> {
  const text = await readFile(file, 'utf8');
  // Nobody but its owner reads the key, whatever the folder's umask made of it.
  if ((await stat(file)).mode & 0o077) await chmod(file, 0o600);
  return parseKey(file, text);
}
