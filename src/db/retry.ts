// PostgreSQL breaks a deadlock between two transactions by aborting one of them (SQLSTATE 40P01),
// and a serialization failure (40001) likewise asks for the transaction to be run again. The
// aborted transaction changed nothing, so running it again is safe and is what PostgreSQL expects.
const TRANSIENT_CODES = new Set(['40P01', '40001']);

/** Runs `transaction`, running it again (up to `attempts` times in all) when PostgreSQL aborted it as transient. */
export async function retryTransient<T>(transaction: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !TRANSIENT_CODES.has((error as { code?: string }).code ?? '')) throw error;
      // A random pause, so that the two transactions do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
