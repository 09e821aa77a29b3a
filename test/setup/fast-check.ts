// Property tests (fast-check) run with a fixed seed, so every CI run checks the same cases and a
// failure can be replayed. FC_SEED=<n> (or FC_SEED=random) explores other cases; FC_RUNS=<n> runs
// every property n times instead of its default. A failing property reports its seed and path
// ("seed: …, path: …") in the error; run again with FC_SEED=<seed> to see it fail the same way.
import fc from 'fast-check';

const DEFAULT_SEED = 20_260_707;

function seedFromEnvironment(): number {
  const given = process.env.FC_SEED;
  if (given === 'random') return Math.floor(Math.random() * 2 ** 31);
  return given ? Number(given) : DEFAULT_SEED;
}

const runs = Number(process.env.FC_RUNS);
fc.configureGlobal({ seed: seedFromEnvironment(), ...(runs > 0 ? { numRuns: runs } : {}) });
