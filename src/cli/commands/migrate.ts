import { openTierDatabases } from '#app/databases.ts';
import { migrateTier } from '#db/migrate.ts';
import { parseCommandArgs } from '../args.ts';
import { type Command, say } from '../command.ts';
import { databaseUrlsFromEnv, EMBEDDED_FLAGS, embeddedFromEnv } from '../environment.ts';
import { secretKeysFromEnv } from '../secret-keys.ts';
import { tiersArg } from '../tier-option.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'nâng cấp cấu trúc CSDL của các tầng lên phiên bản mới nhất',
  help: `Cách dùng: dongbo migrate [--tier <school|province|national>]

Áp dụng các bước nâng cấp CSDL còn thiếu (việc này cũng tự chạy mỗi khi khởi động).
CSDL lấy từ <TẦNG>_DATABASE_URL (hoặc DATABASE_URL khi chỉ một tầng); nếu không đặt,
dùng PostgreSQL nhúng trong ./data.

Tuỳ chọn:
  --tier <tầng>           chỉ nâng cấp một tầng (mặc định: cả ba)
  --data-dir <thư mục>    dữ liệu PostgreSQL nhúng (mặc định ./data)
  --pg-port <cổng>        cổng PostgreSQL nhúng (mặc định 54329)
  -h, --help              hiện hướng dẫn này`,

  async run(argv, env) {
    const { values } = parseCommandArgs('migrate', argv, {
      tier: { type: 'string' },
      ...EMBEDDED_FLAGS,
    });
    if (values.help) return say(this.help);
    const tiers = tiersArg(values.tier as string | undefined);
    const embedded = embeddedFromEnv(env, values);
    // Some steps seal stored secrets, with the key the tiers run with.
    const secretKeys = await secretKeysFromEnv(env, embedded.dataDir);
    const opened = await openTierDatabases(tiers, {
      databaseUrls: databaseUrlsFromEnv(env, tiers.length === 1 ? tiers[0] : undefined),
      embedded,
    });
    try {
      for (const tier of tiers) {
        const { applied } = await migrateTier(opened.databases[tier]!, tier, { secretKeys });
        say(
          `${tier}: ${applied.length === 0 ? 'đã ở phiên bản mới nhất' : `đã áp dụng ${applied.join(', ')}`}`,
        );
      }
    } finally {
      await opened.close();
    }
  },
};
