import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A random token of `bytes` bytes (256 bits by default), URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 of a high-entropy secret (session token, machine secret). A 256-bit random value
 * cannot be guessed, so a fast hash protects it at rest; passwords get scrypt instead.
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

// No 0/O, 1/l/I: a clerk copies this from the screen onto paper and back.
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password to hand over: four groups of four, about 79 bits. */
export function randomReadablePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => READABLE[randomInt(READABLE.length)]).join(''),
  );
  return groups.join('-');
}
