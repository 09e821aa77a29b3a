import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';

// Every mistake: exit code 2, exactly one line on stderr, in Vietnamese, no stack trace.
const mistakes: [string, string[], RegExp][] = [
  ['an unknown command', ['lam-gi-do'], /không có lệnh "lam-gi-do"/],
  ['an unknown flag', ['start', '--colour'], /tuỳ chọn không có: --colour/],
  ['a flag without its value', ['serve', '--tier'], /--tier cần một giá trị/],
  ['a stray argument', ['migrate', 'thừa'], /tham số thừa: thừa/],
  ['a bad tier', ['serve', '--tier', 'district'], /--tier phải là school, province hoặc national/],
  ['a missing tier', ['serve'], /cần --tier/],
  ['a worker for the national tier', ['worker', '--tier', 'national'], /--tier phải là school hoặc province/],
  ['a school tier without upstream', ['serve', '--tier', 'school'], /cần --upstream/],
  [
    'an upstream that is not a URL',
    ['serve', '--tier', 'school', '--upstream', 'tinh'],
    /--upstream phải là một địa chỉ/,
  ],
  [
    'a port out of range',
    ['start', '--school-port', '70000'],
    /--school-port phải là số nguyên từ 1 đến 65535/,
  ],
  [
    'an unknown province',
    ['seed', '--province', '99', '--schools', '1'],
    /--province 99 không có trong danh mục/,
  ],
  ['a missing school count', ['seed', '--province', '40'], /cần --schools/],
  [
    'a negative school count',
    ['seed', '--province', '40', '--schools', '-3'],
    /--schools cần một giá trị|--schools phải là số nguyên/,
  ],
  ['a bad database URL', ['migrate', '--tier', 'school'], /SCHOOL_DATABASE_URL phải là một địa chỉ postgres/],
];

describe('dongbo command line', () => {
  it.each(mistakes)('answers %s with one line and exit code 2', async (_, args, message) => {
    const env = args[0] === 'migrate' && args[1] === '--tier' ? { SCHOOL_DATABASE_URL: 'mysql://x' } : {};
    const { code, stdout, stderr } = await runCli(args, env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^dongbo: /);
    expect(stderr).toMatch(message);
  });

  it('answers a database it cannot reach with one line and exit code 1', async () => {
    const { code, stderr } = await runCli(['migrate', '--tier', 'national'], {
      NATIONAL_DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/dongbo_national',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^dongbo: Không kết nối được CSDL của tầng national \(postgres:\/\/postgres@127\.0\.0\.1:1\/dongbo_national\)/,
    );
    expect(stderr).not.toContain('secret');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each(['start', 'serve', 'migrate', 'seed'])('explains `%s --help` and exits 0', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Cách dùng: dongbo ${command}`);
  });

  it('lists the commands with --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['start', 'serve', 'migrate', 'seed']) expect(stdout).toContain(`  ${command}`);
  });
});
