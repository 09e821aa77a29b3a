// The dongbo command line. Mistakes in how it is called print one line and exit 2; problems
// the operator can fix (a port taken, a database unreachable) print one line and exit 1.
import { StartupError } from '#db/embedded.ts';
import { UsageError } from './args.ts';
import type { Command } from './command.ts';
import { accountCommand } from './commands/account.ts';
import { migrateCommand } from './commands/migrate.ts';
import { reconcileCommand } from './commands/reconcile.ts';
import { seedCommand } from './commands/seed.ts';
import { serveCommand } from './commands/serve.ts';
import { startCommand } from './commands/start.ts';
import { workerCommand } from './commands/worker.ts';

const commands: Command[] = [
  startCommand,
  serveCommand,
  workerCommand,
  migrateCommand,
  seedCommand,
  accountCommand,
  reconcileCommand,
];

const overview = `dongbo — đồng bộ dữ liệu trường học lên CSDL Tỉnh và CSDL Quốc gia

Cách dùng: dongbo <lệnh> [tuỳ chọn]

Lệnh:
${commands.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join('\n')}

Xem chi tiết một lệnh: dongbo <lệnh> --help`;

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command)
      throw new UsageError(`không có lệnh "${name}". Các lệnh: ${commands.map((c) => c.name).join(', ')}.`);
    await command.run(rest, env);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dongbo: ${error.message}\n`);
      return 2;
    }
    if (error instanceof StartupError) {
      process.stderr.write(`dongbo: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`dongbo: lỗi ngoài dự kiến: ${(error as Error).message}\n`);
    if (env.DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2), process.env);
// Servers started by `start` and `serve` keep the process alive; other commands end here.
if (code !== 0) process.exit(code);
