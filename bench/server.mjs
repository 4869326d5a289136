// The local server of `npm run bench`, in its own process so that its CPU time never counts as the
// client's. Started by server-control.mjs as `node server.mjs <mode> [options-json]`; reports its port over
// IPC and answers { cmd: 'stats' } with the mode's counters.
//
// A mode is a module in server-modes/ exporting createMode(options) → { handle(req, res), stats() }.
// `jpush` answers like the push API (per-call, cold start). The bulk-sending figures of issue 11 add a
// mode here (e.g. server-modes/bulk.mjs: enforce a rate window, count deliveries per recipient, report
// duplicates / lost / over-limit calls through stats()) and a scenario in scenarios/ that starts it with
// ctx.server('bulk', { limit, windowMs }).
import { createServer } from 'node:http';

const [mode = 'jpush', options = '{}'] = process.argv.slice(2);
const { createMode } = await import(`./server-modes/${mode}.mjs`);
const handler = createMode(JSON.parse(options));

const server = createServer(handler.handle);
// Clients of every peer keep their sockets between rounds; never let the server be the one closing them.
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m?.cmd === 'stats') process.send({ stats: handler.stats() });
});
process.on('disconnect', () => process.exit(0));
