import { describe, expect, it } from 'vitest';
import { hashPassword, PASSWORD_PARAMETERS, passwordProblems, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('uses scrypt at N = 2^17, r = 8, p = 1 with a random salt, and verifies', async () => {
    const [first, second] = await Promise.all([
      hashPassword('mot-mat-khau-dai'),
      hashPassword('mot-mat-khau-dai'),
    ]);
    expect(first).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(first).not.toBe(second);
    expect(PASSWORD_PARAMETERS).toMatchObject({ log2N: 17, r: 8, p: 1 });
    expect(await verifyPassword('mot-mat-khau-dai', first)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword('mot-mat-khau-dai!', first)).ok).toBe(false);
  });

  it('treats a decomposed Vietnamese password as the same password', async () => {
    const hash = await hashPassword('mật khẩu của tôi');
    expect((await verifyPassword('ma\u0323\u0302t kha\u0302\u0309u cu\u0309a to\u0302i', hash)).ok).toBe(
      true,
    );
  });

  it('refuses short, common and username-bearing passwords', async () => {
    expect((await passwordProblems('ngan', 'lan')).map((p) => p.code)).toEqual(['PASSWORD_TOO_SHORT']);
    expect((await passwordProblems('Password123', 'lan')).map((p) => p.code)).toEqual([
      'PASSWORD_TOO_COMMON',
    ]);
    expect((await passwordProblems('matkhau123', 'lan')).map((p) => p.code)).toEqual(['PASSWORD_TOO_COMMON']);
    expect((await passwordProblems('co.lan.2026.hay', 'co.lan')).map((p) => p.code)).toEqual([
      'PASSWORD_CONTAINS_USERNAME',
    ]);
    expect(await passwordProblems('hoa-phuong-do-ruc', 'co.lan')).toEqual([]);
  });
});
