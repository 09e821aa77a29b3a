import { openTierDatabases } from '#app/databases.ts';
import { prepareTier } from '#app/prepare.ts';
import { provinceByCode } from '#domain/reference/index.ts';
import { seedProvince } from '#seed/seed-province.ts';
import { integerArg, parseCommandArgs, UsageError } from '../args.ts';
import { type Command, say } from '../command.ts';
import { databaseUrlsFromEnv, EMBEDDED_FLAGS, embeddedFromEnv } from '../environment.ts';
import { secretKeysFromEnv } from '../secret-keys.ts';

export const seedCommand: Command = {
  name: 'seed',
  summary: 'tạo dữ liệu giả lập cho một tỉnh (trường, lớp, giáo viên, học sinh)',
  help: `Cách dùng: dongbo seed --province <mã> --schools <N> --students-per-school <M> [tuỳ chọn]

Tạo N trường thuộc tỉnh (các xã thật của tỉnh đó), mỗi trường M học sinh, kèm lớp theo khối
và giáo viên; học sinh có họ tên tiếng Việt, ngày sinh hợp với khối lớp và số định danh cá
nhân khớp năm sinh, thế kỷ, giới tính. Dữ liệu ghi vào CSDL tầng trường; các trường được đăng
ký vào cây đơn vị của CSDL tầng tỉnh. Chạy lại sẽ thêm trường mới, không ghi đè.

Tuỳ chọn:
  --province <mã>               mã tỉnh (2 chữ số, danh mục từ 1/7/2025), ví dụ 40 (Nghệ An)
  --schools <N>                 số trường (1–100000)
  --students-per-school <M>     số học sinh mỗi trường (0–10000)
  --school-year <năm>           năm đầu của năm học (mặc định 2026, tức 2026-2027)
  --seed <số>                   hạt giống ngẫu nhiên, để tạo lại đúng dữ liệu cũ (mặc định 1)
  --data-dir <thư mục>          dữ liệu PostgreSQL nhúng (mặc định ./data)
  --pg-port <cổng>              cổng PostgreSQL nhúng (mặc định 54329)
  -h, --help                    hiện hướng dẫn này`,

  async run(argv, env) {
    const { values } = parseCommandArgs('seed', argv, {
      province: { type: 'string' },
      schools: { type: 'string' },
      'students-per-school': { type: 'string' },
      'school-year': { type: 'string' },
      seed: { type: 'string' },
      ...EMBEDDED_FLAGS,
    });
    if (values.help) return say(this.help);
    const provinceCode = values.province as string | undefined;
    if (!provinceCode) throw new UsageError('cần --province <mã tỉnh>. Xem: dongbo seed --help');
    if (!provinceByCode.has(provinceCode)) {
      throw new UsageError(
        `--province ${provinceCode} không có trong danh mục 34 tỉnh, thành phố (ví dụ 40 là Nghệ An).`,
      );
    }
    if (values.schools === undefined)
      throw new UsageError('cần --schools <số trường>. Xem: dongbo seed --help');
    const schools = integerArg('--schools', values.schools as string, 0, [1, 100_000]);
    const studentsPerSchool = integerArg(
      '--students-per-school',
      values['students-per-school'] as string | undefined,
      500,
      [0, 10_000],
    );
    const schoolYearStart = integerArg(
      '--school-year',
      values['school-year'] as string | undefined,
      2026,
      [2000, 2100],
    );
    const seed = integerArg('--seed', values.seed as string | undefined, 1, [0, 2 ** 31]);

    const embedded = embeddedFromEnv(env, values);
    const secretKeys = await secretKeysFromEnv(env, embedded.dataDir);
    const opened = await openTierDatabases(['school', 'province'], {
      databaseUrls: databaseUrlsFromEnv(env),
      embedded,
    });
    try {
      const { school, province } = opened.databases;
      await prepareTier('school', school!, { secretKeys });
      await prepareTier('province', province!, { provinceCode, secretKeys });
      const started = Date.now();
      let lastReport = started;
      const totals = await seedProvince(
        { school: school!, province: province! },
        { provinceCode, schools, studentsPerSchool, schoolYearStart, seed },
        (done) => {
          const now = Date.now();
          if (now - lastReport < 2000 && done.schools < schools) return;
          lastReport = now;
          const rate = Math.round(done.students / ((now - started) / 1000));
          say(`  ${done.schools}/${schools} trường, ${done.students} học sinh (${rate} học sinh/giây)`);
        },
      );
      say(
        `Đã tạo ${totals.schools} trường, ${totals.classes} lớp, ${totals.staff} cán bộ, ${totals.students} học sinh trong ${((Date.now() - started) / 1000).toFixed(1)} giây.`,
      );
    } finally {
      await opened.close();
    }
  },
};
