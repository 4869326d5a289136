// Property-based tests run with one fixed seed in `npm test`, so that a CI run is reproducible and a
// failure can be replayed exactly. To explore further, run them with another seed:
//   FC_SEED=12345 npx vitest run test/reliability/fuzz.test.ts test/webhooks/fuzz.test.ts
//   FC_SEED=random …   (a new seed each run; fast-check prints it with any counterexample)
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261205 });
