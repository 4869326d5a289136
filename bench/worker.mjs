// One client process of the per-call scenario (started by processes.mjs with --expose-gc): imports a peer
// module that exports `call`, checks its reply, then runs one segment per IPC message:
//   { warmSequential, sequential, warmConcurrent, concurrent, inflight }
//   → { latencies (µs, one per timed sequential call), throughput (calls/s), cpuUs, calls }
// CPU is process.cpuUsage() over the timed calls only; garbage from the last segment is collected first.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { isPushReply } from './server-modes/jpush.mjs';

const { call } = await import(pathToFileURL(process.argv[2]).href);
// Every reply is checked (the same cheap test for every peer): a client that fails fast must not look fast.
const checkedCall = async () => {
  const r = await call();
  if (!isPushReply(r)) throw new Error(`unexpected reply ${JSON.stringify(r)}`);
};
const fail = (e) => {
  process.send({ error: e?.stack ?? String(e) });
  setTimeout(() => process.exit(1), 100);
};
/** `n` calls with `inflight` of them outstanding at any time. */
const burst = async (n, inflight) => {
  let started = 0;
  const lane = async () => {
    while (started < n) {
      started++;
      await checkedCall();
    }
  };
  await Promise.all(Array.from({ length: Math.min(inflight, n) }, lane));
};

process.on('message', async (s) => {
  try {
    globalThis.gc?.();
    for (let i = 0; i < s.warmSequential; i++) await checkedCall();
    const latencies = new Array(s.sequential);
    let cpu = process.cpuUsage();
    for (let i = 0; i < s.sequential; i++) {
      const t = performance.now();
      await checkedCall();
      latencies[i] = (performance.now() - t) * 1000;
    }
    const cpuSequential = process.cpuUsage(cpu);
    // Opens the `inflight` keep-alive sockets before the clock starts.
    await burst(s.warmConcurrent, s.inflight);
    cpu = process.cpuUsage();
    const t0 = performance.now();
    await burst(s.concurrent, s.inflight);
    const ms = performance.now() - t0;
    const cpuConcurrent = process.cpuUsage(cpu);
    process.send({
      latencies,
      throughput: s.concurrent / (ms / 1000),
      cpuUs: cpuSequential.user + cpuSequential.system + cpuConcurrent.user + cpuConcurrent.system,
      calls: s.sequential + s.concurrent,
    });
  } catch (e) {
    fail(e);
  }
});
process.on('disconnect', () => process.exit(0));

try {
  await checkedCall();
  process.send({ ready: true });
} catch (e) {
  fail(e);
}
