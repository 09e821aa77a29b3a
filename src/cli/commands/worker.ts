import { runSyncWorkers, type SendingTier } from '#app/sync-workers.ts';
import { TIER_LABELS } from '#domain/tiers.ts';
import { parseCommandArgs, UsageError } from '../args.ts';
import { type Command, say } from '../command.ts';
import { databaseUrlsFromEnv, EMBEDDED_FLAGS, embeddedFromEnv } from '../environment.ts';
import { secretKeysFromEnv } from '../secret-keys.ts';
import { stopOnSignals } from '../shutdown.ts';
import { endWithParent } from '../worker-child.ts';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'chạy việc đồng bộ (gửi lô lên tầng trên, nhận kết quả) trong một tiến trình riêng',
  help: `Cách dùng: dongbo worker --tier <school|province> [tuỳ chọn]

Gửi các lô đang chờ lên tầng trên và nhận kết quả về, không phục vụ màn hình hay API. Dùng
cùng "dongbo serve --web-only" để màn hình của cán bộ không phải chờ sau một lô đang xử lý
trong cùng tiến trình. Có thể chạy nhiều tiến trình worker cho cùng một tầng; chúng chia nhau
hàng đợi trong CSDL của tầng.

Cơ sở dữ liệu lấy từ <TẦNG>_DATABASE_URL hoặc DATABASE_URL như dongbo serve; khoá mã hoá
mã kết nối đồng bộ lấy từ DONGBO_SECRET_KEY hoặc tệp secret.key trong --data-dir, phải là
khoá của tiến trình serve cùng tầng.

Tuỳ chọn:
  --tier <tầng>           school hoặc province; bỏ trống thì cả hai
  --province <mã>         mã tỉnh mà tầng tỉnh phục vụ (hoặc PROVINCE_CODE)
  --data-dir <thư mục>    dữ liệu PostgreSQL nhúng khi không có URL (mặc định ./data)
  --pg-port <cổng>        cổng PostgreSQL nhúng (mặc định 54329)
  -h, --help              hiện hướng dẫn này`,

  async run(argv, env) {
    const { values } = parseCommandArgs('worker', argv, {
      tier: { type: 'string' },
      province: { type: 'string' },
      ...EMBEDDED_FLAGS,
    });
    if (values.help) return say(this.help);
    const tier = values.tier as string | undefined;
    if (tier !== undefined && tier !== 'school' && tier !== 'province')
      throw new UsageError(`--tier phải là school hoặc province, nhận được "${tier}".`);
    const tiers: SendingTier[] = tier ? [tier] : ['school', 'province'];
    const embedded = embeddedFromEnv(env, values);
    const running = await runSyncWorkers({
      tiers,
      databaseUrls: databaseUrlsFromEnv(env, tier),
      embedded,
      secretKeys: await secretKeysFromEnv(env, embedded.dataDir),
      provinceCode: (values.province as string | undefined) ?? env.PROVINCE_CODE,
    });
    stopOnSignals(running.stop, say);
    endWithParent(env, running.stop);
    say(`dongbo worker — đồng bộ của ${tiers.map((t) => TIER_LABELS[t]).join(', ')} đang chạy`);
  },
};
