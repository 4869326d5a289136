// Wraps the guide's campaign Worker (docs/guide.md, "Campaigns across workers") as the test runs it: the
// D1 binding fails once, on the record of a chunk whose push already went through — a consumer dying
// between its push and its bookkeeping, the worst moment — and every queue invocation is counted.
// `/__status` reports the chunks by status, the invocations and the crashes.
// @ts-expect-error: the guide's code block, extracted by the test and aliased by esbuild
import campaign from 'guide-campaign';

interface Statement {
  bind(...values: unknown[]): Statement;
  run(): Promise<unknown>;
  all<T>(): Promise<{ results: T[] }>;
}
interface DB {
  prepare(sql: string): Statement;
  batch(s: Statement[]): Promise<unknown[]>;
}
interface Env {
  DB: DB;
  CRASH_ON_RECORD: string;
}

let invocations = 0;
let records = 0;
let crashes = 0;

const crashing = (db: DB): DB => ({
  batch: (s) => db.batch(s),
  prepare(sql) {
    const statement = db.prepare(sql);
    if (!sql.startsWith('UPDATE')) return statement;
    const wrap = (s: Statement): Statement => ({
      bind: (...v) => wrap(s.bind(...v)),
      all: (() => s.all()) as Statement['all'],
      run() {
        if (++records === Number(crashOn)) {
          crashes++;
          throw new Error('consumer crashed between its push and its record');
        }
        return s.run();
      },
    });
    return wrap(statement);
  },
});
let crashOn = '0';

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (new URL(request.url).pathname === '/__status') {
      const { results } = await env.DB.prepare('SELECT status, COUNT(*) AS n FROM chunks GROUP BY status').all<{ status: string; n: number }>();
      return Response.json({ chunks: Object.fromEntries(results.map((r) => [r.status, r.n])), invocations, crashes });
    }
    return campaign.fetch(request, env);
  },
  async queue(batch: unknown, env: Env): Promise<void> {
    invocations++;
    crashOn = env.CRASH_ON_RECORD;
    return campaign.queue(batch, { ...env, DB: crashing(env.DB) });
  },
};
