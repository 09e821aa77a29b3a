import { openTierDatabases } from '#app/databases.ts';
import { prepareTier } from '#app/prepare.ts';
import { ROLE_PLACE, ROLES, type Role } from '#domain/access/permissions.ts';
import { TIER_LABELS } from '#domain/tiers.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { randomReadablePassword } from '#server/auth/secrets.ts';
import { findUnit } from '#server/units/units.ts';
import { parseCommandArgs, UsageError } from '../args.ts';
import { type Command, say } from '../command.ts';
import { databaseUrlsFromEnv, EMBEDDED_FLAGS, embeddedFromEnv } from '../environment.ts';
import { secretKeysFromEnv } from '../secret-keys.ts';

export const accountCommand: Command = {
  name: 'account',
  summary: 'tạo tài khoản quản trị đầu tiên của một đơn vị',
  help: `Cách dùng: dongbo account --role <vai trò> --unit <đơn vị> --username <tên> [--name "Họ tên"]

Tạo một tài khoản và in mật khẩu ban đầu (chỉ một lần; người dùng phải đổi khi đăng nhập).
Dùng để tạo quản trị viên đầu tiên; các tài khoản khác do quản trị viên tạo trên web.
Tầng được suy ra từ vai trò; CSDL lấy như dongbo migrate.

Vai trò: ${ROLES.join(', ')}
Đơn vị: VN (quốc gia), P<mã tỉnh> (ví dụ P40), X<mã xã> (ví dụ X16681), S<mã trường>

Ví dụ:
  dongbo account --role national_admin --unit VN --username bo.quantri --name "Quản trị CSDL Quốc gia"
  dongbo account --role province_admin --unit P40 --username so.quantri

Tuỳ chọn:
  --role <vai trò>        vai trò của tài khoản (bắt buộc)
  --unit <đơn vị>         đơn vị của tài khoản (bắt buộc)
  --username <tên>        tên đăng nhập (bắt buộc)
  --name <họ tên>         tên hiển thị (mặc định: tên đăng nhập)
  --data-dir <thư mục>    dữ liệu PostgreSQL nhúng (mặc định ./data)
  --pg-port <cổng>        cổng PostgreSQL nhúng (mặc định 54329)
  -h, --help              hiện hướng dẫn này`,

  async run(argv, env) {
    const { values } = parseCommandArgs('account', argv, {
      role: { type: 'string' },
      unit: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      ...EMBEDDED_FLAGS,
    });
    if (values.help) return say(this.help);
    const role = values.role as string | undefined;
    const unitKey = values.unit as string | undefined;
    const username = (values.username as string | undefined)?.trim().toLowerCase();
    if (!role || !ROLES.includes(role as Role))
      throw new UsageError(`cần --role, một trong: ${ROLES.join(', ')}.`);
    if (!unitKey) throw new UsageError('cần --unit <đơn vị>, ví dụ VN, P40, X16681 hoặc S<mã trường>.');
    if (!username || !/^[a-z0-9][a-z0-9._-]{2,49}$/.test(username)) {
      throw new UsageError(
        'cần --username: 3–50 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.',
      );
    }
    const { tier, unitKind } = ROLE_PLACE[role as Role];
    const embedded = embeddedFromEnv(env, values);
    const secretKeys = await secretKeysFromEnv(env, embedded.dataDir);
    const opened = await openTierDatabases([tier], {
      databaseUrls: databaseUrlsFromEnv(env, tier),
      embedded,
    });
    try {
      const db = opened.databases[tier]!;
      await prepareTier(tier, db, { provinceCode: env.PROVINCE_CODE, secretKeys });
      const unit = await findUnit({ tier, db }, unitKey);
      if (!unit || unit.kind !== unitKind) {
        throw new UsageError(
          `--unit ${unitKey}: tầng ${TIER_LABELS[tier]} không có đơn vị loại "${unitKind}" nào với mã này.`,
        );
      }
      const password = randomReadablePassword();
      const created = await db
        .insertInto('users')
        .values({
          username,
          display_name: (values.name as string | undefined) ?? username,
          role,
          unit_key: unitKey,
          grants: [],
          password_hash: await hashPassword(password),
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!created) throw new UsageError(`tên đăng nhập "${username}" đã có người dùng.`);
      say(`Đã tạo tài khoản ${username} (${role}) cho ${unit.name} ở tầng ${TIER_LABELS[tier]}.`);
      say(`Mật khẩu ban đầu (chỉ hiện lần này, phải đổi khi đăng nhập): ${password}`);
    } finally {
      await opened.close();
    }
  },
};
