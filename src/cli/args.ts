import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in how dongbo was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with messages in Vietnamese and no stack trace for a mistyped flag. */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const option = /'(-{1,2}[^'\s]+)/.exec((error as Error).message)?.[1];
    const hint = `Xem: dongbo ${command} --help`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(`tuỳ chọn không có: ${option ?? ''}. ${hint}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(`tuỳ chọn ${option ?? ''} cần một giá trị. ${hint}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError(
        `tham số thừa: ${(error as Error).message.match(/'([^']+)'/)?.[1] ?? ''}. ${hint}`,
      );
    throw new UsageError(`${(error as Error).message}. ${hint}`);
  }
}

export function integerArg(
  name: string,
  value: string | undefined,
  fallback: number,
  range: [number, number],
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < range[0] || n > range[1]) {
    throw new UsageError(`${name} phải là số nguyên từ ${range[0]} đến ${range[1]}, nhận được "${value}".`);
  }
  return n;
}

export function urlArg(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return value.replace(/\/+$/, '');
  } catch {
    throw new UsageError(`${name} phải là một địa chỉ http(s)://…, nhận được "${value}".`);
  }
}

/** A postgres:// URL, as DATABASE_URL variables give them. */
export function urlOrPostgresArg(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') return value;
  } catch {}
  throw new UsageError(`${name} phải là một địa chỉ postgres://người_dùng@máy:cổng/tên_csdl.`);
}
