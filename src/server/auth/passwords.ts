// Password hashing with scrypt at OWASP's parameters (N = 2^17, r = 8, p = 1), stored as
// "scrypt$<log2 N>$<r>$<p>$<salt>$<hash>" so that a change of parameters is seen at the next
// login and the password re-hashed then.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { type FieldIssue, issue } from '#domain/errors.ts';

export const PASSWORD_PARAMETERS = { log2N: 17, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

// Each scrypt at N = 2^17 holds 128 MiB while it runs; at most two at a time keep a burst of
// logins (a whole school at 7 a.m.) from pushing the process past its memory budget.
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function scrypt(password: string, salt: Buffer, keyLength: number, cost: ScryptCost): Promise<Buffer> {
  return withHashSlot(() => scryptOnce(password, salt, keyLength, cost));
}

function scryptOnce(password: string, salt: Buffer, keyLength: number, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128·N·r bytes; give it that much and a little more.
    const maxmem = 129 * cost.N * cost.r + 1024 * 1024;
    scryptCallback(password.normalize('NFC'), salt, keyLength, { ...cost, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const { log2N, r, p, keyLength, saltLength } = PASSWORD_PARAMETERS;
  const salt = randomBytes(saltLength);
  const key = await scrypt(password, salt, keyLength, { N: 2 ** log2N, r, p });
  return ['scrypt', log2N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash uses other parameters than today's: store a new one. */
  needsRehash: boolean;
}

/**
 * Checks `password` against a stored hash. Without one (no account has the name) or with one
 * that cannot be read, the password is checked against a decoy of today's parameters instead,
 * so that every login costs one hash of the same price and its timing tells nothing.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<PasswordCheck> {
  const parsed = stored === undefined ? undefined : parseHash(stored);
  const { salt, expectedKey, cost } = parsed ?? DECOY;
  const key = await scrypt(password, salt, expectedKey.length, cost);
  const matches = timingSafeEqual(key, expectedKey);
  if (!parsed) return { ok: false, needsRehash: false };
  const { log2N, r, p } = PASSWORD_PARAMETERS;
  return { ok: matches, needsRehash: cost.N !== 2 ** log2N || cost.r !== r || cost.p !== p };
}

interface ParsedHash {
  salt: Buffer;
  expectedKey: Buffer;
  cost: ScryptCost;
}

function parseHash(stored: string): ParsedHash | undefined {
  const [scheme, log2N, r, p, salt, expected] = stored.split('$');
  const cost = { N: 2 ** Number(log2N), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !expected) return undefined;
  if (![cost.N, cost.r, cost.p].every((n) => Number.isSafeInteger(n) && n > 0)) return undefined;
  const expectedKey = Buffer.from(expected, 'base64');
  return expectedKey.length > 0 ? { salt: Buffer.from(salt, 'base64'), expectedKey, cost } : undefined;
}

/**
 * The decoy: a salt and key of today's sizes drawn at random, never the hash of any password.
 * Made without hashing, so the first unknown name costs no more than the next.
 */
const DECOY: ParsedHash = {
  salt: randomBytes(PASSWORD_PARAMETERS.saltLength),
  expectedKey: randomBytes(PASSWORD_PARAMETERS.keyLength),
  cost: { N: 2 ** PASSWORD_PARAMETERS.log2N, r: PASSWORD_PARAMETERS.r, p: PASSWORD_PARAMETERS.p },
};

// About 49,000 passwords from public breach lists, and a few that Vietnamese users favour.
// The list takes some 20 MB in memory, so it is loaded when a password is first set.
const VIETNAMESE_FAVOURITES = [
  'matkhau123',
  'matkhau1234',
  'matkhau12345',
  'anhyeuem123',
  'emyeuanh123',
  'vietnam123',
  'vietnam1234',
  'hanoi12345',
  'saigon1234',
  '123456789a',
  'a123456789',
  'abcd123456',
  'qwerty12345',
  'truonghoc123',
  'giaovien123',
  'hocsinh123',
];
let commonPasswords: Promise<Set<string>> | undefined;
const loadCommonPasswords = () =>
  (commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set([...dictionary['passwords-common'], ...VIETNAMESE_FAVOURITES]),
  ));

/** What is wrong with a new password, if anything. */
export async function passwordProblems(
  password: string,
  username: string,
  field = 'newPassword',
): Promise<FieldIssue[]> {
  if (password.length < PASSWORD_MIN_LENGTH) return [issue(field, 'PASSWORD_TOO_SHORT')];
  if (password.length > PASSWORD_MAX_LENGTH) return [issue(field, 'PASSWORD_TOO_LONG')];
  const lower = password.toLowerCase();
  if ((await loadCommonPasswords()).has(lower)) return [issue(field, 'PASSWORD_TOO_COMMON')];
  if (username.length >= 3 && lower.includes(username.toLowerCase()))
    return [issue(field, 'PASSWORD_CONTAINS_USERNAME')];
  return [];
}
