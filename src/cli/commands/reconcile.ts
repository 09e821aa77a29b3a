import { openTierDatabases } from '#app/databases.ts';
import { startQueue } from '#sync/send/queue.ts';
import { reconcileProvince, reconcileSchools } from '#tiers/school/sync/reconcile.ts';
import { parseCommandArgs, UsageError } from '../args.ts';
import { type Command, say } from '../command.ts';
import { databaseUrlsFromEnv, EMBEDDED_FLAGS, embeddedFromEnv } from '../environment.ts';
import { secretKeysFromEnv } from '../secret-keys.ts';

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'đối chiếu với tầng trên và gửi lại những bản ghi tầng trên còn thiếu',
  help: `Cách dùng: dongbo reconcile --tier <school|province>

So sánh, cho từng trường và từng hạng mục, số bản ghi và mã tóm tắt (id, phiên bản) ở tầng này
với tầng trên (tầng trường với CSDL Tỉnh; tầng tỉnh với CSDL Quốc gia), rồi xếp vào hàng đợi
gửi lại những bản ghi tầng trên chưa có hoặc có phiên bản cũ hơn. Tiến trình dongbo đang chạy
sẽ gửi chúng.

Tuỳ chọn:
  --tier <tầng>           school hoặc province (bắt buộc)
  --data-dir <thư mục>    dữ liệu PostgreSQL nhúng (mặc định ./data)
  --pg-port <cổng>        cổng PostgreSQL nhúng (mặc định 54329)
  -h, --help              hiện hướng dẫn này`,

  async run(argv, env) {
    const { values } = parseCommandArgs('reconcile', argv, { tier: { type: 'string' }, ...EMBEDDED_FLAGS });
    if (values.help) return say(this.help);
    const tier = values.tier as string | undefined;
    if (tier !== 'school' && tier !== 'province')
      throw new UsageError('cần --tier school hoặc --tier province.');
    const embedded = embeddedFromEnv(env, values);
    const secretKeys = await secretKeysFromEnv(env, embedded.dataDir);
    const opened = await openTierDatabases([tier], {
      databaseUrls: databaseUrlsFromEnv(env, tier),
      embedded,
    });
    const db = opened.databases[tier]!;
    const queue = await startQueue(db);
    try {
      const lines =
        tier === 'school'
          ? await reconcileSchools(db, queue, secretKeys)
          : await reconcileProvince(db, queue, secretKeys);
      for (const line of lines) {
        const agree = line.here.hash === line.upstream.hash;
        say(
          `${line.schoolCode.padEnd(10)} ${line.kind.padEnd(8)} ở đây ${String(line.here.count).padStart(6)}  tầng trên ${String(line.upstream.count).padStart(6)}  ${agree ? 'khớp' : `lệch, gửi lại ${line.resent}`}`,
        );
      }
      say(`Đối chiếu xong: ${lines.filter((l) => l.resent > 0).length} hạng mục cần gửi lại.`);
    } finally {
      await queue.stop({ graceful: true, timeout: 5_000, close: false });
      await opened.close();
    }
  },
};
