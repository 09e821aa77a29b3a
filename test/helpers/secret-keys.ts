// The key that seals stored sync secrets in tests: one per test process, handed to the tiers
// run in the process and, as DONGBO_SECRET_KEY, to every dongbo process a test starts (cli.ts),
// so that what one side seals the other opens.
import { randomBytes } from 'node:crypto';
import { SECRET_KEY_BYTES, type SecretKeys } from '#db/secret-box.ts';

export const testSecretKeys: SecretKeys = { current: randomBytes(SECRET_KEY_BYTES) };

export const TEST_SECRET_KEY_ENV = testSecretKeys.current.toString('base64');
