import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyId, openSecret, SecretUnreadable, sealedWithOlderKey, sealSecret } from './secret-box.ts';

const SECRET = 'Zq3-kW9_secret-of-the-school-S40123456';
const key = () => randomBytes(32);

describe('sealed secrets', () => {
  it('seal with AES-256-GCM: the text holds no trace of the secret, and each sealing differs', () => {
    const keys = { current: key() };
    const first = sealSecret(keys, SECRET, 'unit:S1');
    const second = sealSecret(keys, SECRET, 'unit:S1');
    expect(first).not.toBe(second); // a fresh IV each time
    expect(first).toMatch(new RegExp(`^v1\\.${keyId(keys.current)}\\.[\\w-]{16}\\.[\\w-]{22}\\.[\\w-]+$`));
    for (const sealed of [first, second]) {
      expect(sealed).not.toContain(SECRET);
      expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64url').slice(0, 12));
      expect(openSecret(keys, sealed, 'unit:S1')).toBe(SECRET);
    }
  });

  it('open only with the key and on the row they were sealed for, unaltered', () => {
    const keys = { current: key() };
    const sealed = sealSecret(keys, SECRET, 'unit:S1');
    expect(() => openSecret({ current: key() }, sealed, 'unit:S1')).toThrow(SecretUnreadable);
    expect(() => openSecret(keys, sealed, 'unit:S2')).toThrow(SecretUnreadable);
    const parts = sealed.split('.');
    parts[4] = Buffer.from(Buffer.from(parts[4]!, 'base64url').map((b, i) => (i === 0 ? b ^ 1 : b))).toString(
      'base64url',
    );
    expect(() => openSecret(keys, parts.join('.'), 'unit:S1')).toThrow(SecretUnreadable);
    expect(() => openSecret(keys, SECRET, 'unit:S1')).toThrow(SecretUnreadable);
  });

  it('open what the previous key sealed during a rotation, and tell it needs sealing anew', () => {
    const old = key();
    const sealed = sealSecret({ current: old }, SECRET, 'unit:S1');
    const rotated = { current: key(), previous: old };
    expect(sealedWithOlderKey(rotated, sealed)).toBe(true);
    expect(openSecret(rotated, sealed, 'unit:S1')).toBe(SECRET);
    expect(sealedWithOlderKey(rotated, sealSecret(rotated, SECRET, 'unit:S1'))).toBe(false);
  });
});
