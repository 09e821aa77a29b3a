import { runTiers } from '#app/run.ts';
import { TIER_LABELS, TIER_NAMES, type TierName } from '#domain/tiers.ts';
import { integerArg, parseCommandArgs, UsageError, urlArg } from '../args.ts';
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

export const serveCommand: Command = {
  name: 'serve',
  summary: 'chạy một tầng cho triển khai thật',
  help: `Cách dùng: dongbo serve --tier <school|province|national> [tuỳ chọn]

Chạy một tầng. Cơ sở dữ liệu lấy từ <TẦNG>_DATABASE_URL hoặc DATABASE_URL
(ví dụ PROVINCE_DATABASE_URL=postgres://dongbo@db:5432/dongbo_province); nếu không đặt,
dùng PostgreSQL nhúng trong --data-dir. Nhiều tiến trình có thể chạy cùng một tầng trên
cùng một CSDL.

Tuỳ chọn:
  --tier <tầng>           school, province hoặc national (bắt buộc)
  --port <cổng>           cổng lắng nghe (mặc định 3000 / 3100 / 3200, hoặc PORT)
  --host <địa chỉ>        địa chỉ lắng nghe (mặc định 0.0.0.0, hoặc HOST)
  --upstream <URL>        địa chỉ tầng trên: CSDL Tỉnh cho tầng trường, CSDL Quốc gia cho tầng tỉnh
                          (hoặc UPSTREAM_URL)
  --province <mã>         mã tỉnh mà tầng tỉnh phục vụ, ví dụ 40 (hoặc PROVINCE_CODE)
  --public-url <URL>      địa chỉ công khai của tầng này (hoặc PUBLIC_URL)
  --data-dir <thư mục>    dữ liệu PostgreSQL nhúng khi không có URL (mặc định ./data)
  --pg-port <cổng>        cổng PostgreSQL nhúng (mặc định 54329)
  --web-only              chỉ phục vụ màn hình và API; việc gửi lô lên tầng trên và nhận kết
                          quả do tiến trình "dongbo worker --tier <tầng>" làm
  -h, --help              hiện hướng dẫn này

Đặt TRUST_PROXY=true khi chạy sau một reverse proxy (nginx, HAProxy) lo phần HTTPS.
Mã kết nối đồng bộ với tầng trên được lưu đã mã hoá bằng DONGBO_SECRET_KEY (32 byte, base64); nếu
không đặt, dùng tệp secret.key trong --data-dir (tự tạo lần đầu). Nhiều tiến trình cùng một
tầng phải dùng cùng một khoá.`,

  async run(argv, env) {
    const { values } = parseCommandArgs('serve', argv, {
      tier: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      upstream: { type: 'string' },
      province: { type: 'string' },
      'public-url': { type: 'string' },
      'web-only': { type: 'boolean' },
      ...EMBEDDED_FLAGS,
    });
    if (values.help) return say(this.help);
    const tier = values.tier as string | undefined;
    if (!tier) throw new UsageError('cần --tier school, province hoặc national. Xem: dongbo serve --help');
    if (!TIER_NAMES.includes(tier as TierName)) {
      throw new UsageError(`--tier phải là school, province hoặc national, nhận được "${tier}".`);
    }
    const name = tier as TierName;
    const ports = portsFromEnv(env);
    ports[name] = integerArg(
      '--port',
      (values.port as string | undefined) ?? env.PORT,
      ports[name],
      [1, 65535],
    );
    const upstream = urlArg('--upstream', (values.upstream as string | undefined) ?? env.UPSTREAM_URL);
    if (name !== 'national' && !upstream) {
      throw new UsageError(`tầng ${name} cần --upstream <URL của tầng trên> (hoặc UPSTREAM_URL).`);
    }
    const publicUrl = urlArg('--public-url', (values['public-url'] as string | undefined) ?? env.PUBLIC_URL);
    const above: Partial<Record<TierName, TierName>> = { school: 'province', province: 'national' };
    const links: Partial<Record<TierName, string>> = {};
    if (publicUrl) links[name] = publicUrl;
    if (upstream && above[name]) links[above[name]] = upstream;

    const embedded = embeddedFromEnv(env, values);
    const running = await runTiers({
      tiers: [name],
      ports,
      host: (values.host as string | undefined) ?? env.HOST ?? '0.0.0.0',
      databaseUrls: databaseUrlsFromEnv(env, name),
      embedded,
      secretKeys: await secretKeysFromEnv(env, embedded.dataDir),
      provinceCode: (values.province as string | undefined) ?? env.PROVINCE_CODE,
      upstreams: upstream ? { [name]: upstream } : {},
      links,
      seedDemo: false,
      syncWork: values['web-only'] ? 'apart' : 'in-process',
      trustProxy: env.TRUST_PROXY === 'true',
      logger: createLogger(env, 'info'),
    });
    stopOnSignals(running.stop, say);
    say(`dongbo — ${TIER_LABELS[name]} đang chạy ở ${running.urls[name]}`);
  },
};
