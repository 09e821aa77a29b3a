import { embeddedDatabaseName } from '#app/databases.ts';
import { runTiers } from '#app/run.ts';
import { withDatabase } from '#db/connection.ts';
import { ROLE_LABELS } from '#domain/access/permissions.ts';
import { provinceByCode } from '#domain/reference/index.ts';
import { TIER_LABELS, TIER_NAMES } from '#domain/tiers.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '#seed/demo-access.ts';
import { DEMO } from '#seed/seed-province.ts';
import { DONGBO_VERSION } from '#server/version.ts';
import { integerArg, parseCommandArgs } from '../args.ts';
import { type Command, say } from '../command.ts';
import {
  createLogger,
  databaseUrlsFromEnv,
  EMBEDDED_FLAGS,
  embeddedFromEnv,
  portsFromEnv,
} from '../environment.ts';
import { secretKeysFromEnv } from '../secret-keys.ts';
import { stopOnSignals } from '../shutdown.ts';
import { startWorkerChild } from '../worker-child.ts';

export const startCommand: Command = {
  name: 'start',
  summary: 'chạy bản demo: cả ba tầng trong một tiến trình, PostgreSQL nhúng, dữ liệu mẫu tỉnh Nghệ An',
  help: `Cách dùng: dongbo start [tuỳ chọn]

Chạy cả ba tầng (Trường học, CSDL Tỉnh, CSDL Quốc gia) trong một tiến trình cho tỉnh demo
Nghệ An. Lần chạy đầu tạo dữ liệu mẫu (3 trường, vài trăm học sinh); các lần sau dùng lại
dữ liệu đã có. Mặc định dùng PostgreSQL nhúng, dữ liệu ở ./data.

Tuỳ chọn:
  --data-dir <thư mục>     nơi giữ dữ liệu PostgreSQL nhúng (mặc định ./data, hoặc DONGBO_DATA_DIR)
  --pg-port <cổng>         cổng của PostgreSQL nhúng (mặc định 54329, hoặc DONGBO_PG_PORT)
  --host <địa chỉ>         địa chỉ lắng nghe (mặc định 127.0.0.1, hoặc HOST)
  --school-port <cổng>     cổng tầng Trường học (mặc định 3000, hoặc SCHOOL_PORT)
  --province-port <cổng>   cổng tầng CSDL Tỉnh (mặc định 3100, hoặc PROVINCE_PORT)
  --national-port <cổng>   cổng tầng CSDL Quốc gia (mặc định 3200, hoặc NATIONAL_PORT)
  -h, --help               hiện hướng dẫn này`,

  async run(argv, env) {
    const { values } = parseCommandArgs('start', argv, {
      ...EMBEDDED_FLAGS,
      host: { type: 'string' },
      'school-port': { type: 'string' },
      'province-port': { type: 'string' },
      'national-port': { type: 'string' },
    });
    if (values.help) return say(this.help);

    const ports = portsFromEnv(env);
    for (const tier of TIER_NAMES) {
      ports[tier] = integerArg(
        `--${tier}-port`,
        values[`${tier}-port`] as string | undefined,
        ports[tier],
        [1, 65535],
      );
    }
    const host = (values.host as string | undefined) ?? env.HOST ?? '127.0.0.1';
    const browserHost = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
    const links = Object.fromEntries(
      TIER_NAMES.map((tier) => [tier, `http://${browserHost}:${ports[tier]}`]),
    );
    const embedded = embeddedFromEnv(env, values);

    say(
      `dongbo ${DONGBO_VERSION} — bản demo ${provinceByCode.get(DEMO.provinceCode)!.name} (mã ${DEMO.provinceCode}). Đang khởi động…`,
    );
    const databaseUrls = databaseUrlsFromEnv(env);
    const secretKeys = await secretKeysFromEnv(env, embedded.dataDir);
    const running = await runTiers({
      tiers: [...TIER_NAMES],
      ports,
      host,
      databaseUrls,
      embedded,
      secretKeys,
      provinceCode: DEMO.provinceCode,
      upstreams: { school: links.province, province: links.national },
      links,
      seedDemo: true,
      syncWork: 'apart',
      logger: createLogger(env, 'warn'),
    });
    // The school's and the province's sync work, in a `dongbo worker` on the same databases.
    const urlOf = (tier: 'school' | 'province') =>
      databaseUrls[tier] ?? withDatabase(running.embedded!.serverUrl, embeddedDatabaseName(tier));
    const worker = await startWorkerChild(
      {
        SCHOOL_DATABASE_URL: urlOf('school'),
        PROVINCE_DATABASE_URL: urlOf('province'),
        PROVINCE_CODE: DEMO.provinceCode,
        DONGBO_SECRET_KEY: secretKeys.current.toString('base64'),
      },
      say,
    ).catch(async (error: Error) => {
      await running.stop();
      throw error;
    });
    stopOnSignals(async () => {
      await worker.stop();
      await running.stop();
    }, say);

    for (const tier of TIER_NAMES) say(`  ${TIER_LABELS[tier].padEnd(15)} ${running.urls[tier]}`);
    say(`  ${'Tài liệu API'.padEnd(15)} ${running.urls.school}/api/docs`);
    if (running.embedded) say(`Dữ liệu: ${embedded.dataDir} (PostgreSQL nhúng, cổng ${embedded.port}).`);
    const seeded = running.demoSeeded;
    say(
      seeded
        ? `Lần chạy đầu: đã tạo dữ liệu mẫu ${seeded.schools} trường, ${seeded.classes} lớp, ${seeded.staff} cán bộ, ${seeded.students} học sinh.`
        : 'Dùng lại dữ liệu đã có từ lần chạy trước.',
    );
    say(`Tài khoản demo (mật khẩu: ${DEMO_PASSWORD}):`);
    for (const login of DEMO_LOGINS) {
      say(`  ${login.username.padEnd(15)} ${TIER_LABELS[login.tier].padEnd(14)} ${ROLE_LABELS[login.role]}`);
    }
    say('Nhấn Ctrl-C để dừng.');
  },
};
