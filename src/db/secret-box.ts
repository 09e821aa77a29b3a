// Secrets a tier must be able to read back (the sync secret it presents to the tier above) are
// kept encrypted with AES-256-GCM under a key that lives outside the database, so that a copy
// of the database — a backup, a dump handed to support — does not hand over the credential.
// Sealed text: "v1.<key id>.<iv>.<tag>.<ciphertext>", base64url parts. The key id tells which
// key sealed it, so a rotation knows what to re-seal; the context (e.g. the unit's key) is
// bound in as associated data, so a sealed secret copied onto another row does not open.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const SECRET_KEY_BYTES = 32;

/** The associated data a unit's sealed upstream secret is bound to: it opens on that unit's row alone. */
export const upstreamSecretContext = (unitKey: string) => `upstream_credentials:${unitKey}`;

export interface SecretKeys {
  /** The key new secrets are sealed with. */
  current: Buffer;
  /** The key before a rotation: still opens what it sealed, until that is sealed anew. */
  previous?: Buffer;
}

/** A secret sealed with a key this process does not hold, or altered. */
export class SecretUnreadable extends Error {
  override name = 'SecretUnreadable';
}

const VERSION = 'v1';

/** A short public fingerprint of a key, never the key. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('dongbo secret key id\0').update(key).digest('base64url').slice(0, 8);
}

export function sealSecret(keys: SecretKeys, secret: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.current, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, keyId(keys.current), iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function openSecret(keys: SecretKeys, sealed: string, context: string): string {
  const [version, id, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !id || !iv || !tag || ciphertext === undefined)
    throw new SecretUnreadable('not a sealed secret');
  const key = [keys.current, keys.previous].find((candidate) => candidate && keyId(candidate) === id);
  if (!key) throw new SecretUnreadable(`sealed with key ${id}, which this process does not hold`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretUnreadable(`sealed secret does not open with key ${id}: altered or moved`);
  }
}

/** Whether `sealed` was sealed with another key than today's (a rotation left it behind). */
export function sealedWithOlderKey(keys: SecretKeys, sealed: string): boolean {
  return sealed.split('.')[1] !== keyId(keys.current);
}
