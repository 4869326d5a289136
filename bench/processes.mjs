// Child processes of the bench: the local server (server.mjs, one per mode) and one client process per
// peer (worker.mjs), each spoken to over IPC one request at a time.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Next IPC message from `child` (or its death, as an error). */
const reply = (child, what) =>
  new Promise((resolve, reject) => {
    const onMessage = (m) => {
      off();
      m?.error ? reject(new Error(`${what}: ${m.error}`)) : resolve(m);
    };
    const onExit = (code) => {
      off();
      reject(new Error(`${what}: process exited (${code})`));
    };
    const off = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });

/** Starts the local server in `mode` (server-modes/<mode>.mjs) → { url, stats(), close() }. */
export async function startServer(mode, options = {}) {
  const child = fork(path.join(here, 'server.mjs'), [mode, JSON.stringify(options)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await reply(child, `server ${mode}`);
  return {
    url: `http://127.0.0.1:${port}`,
    stats: async () => {
      const p = reply(child, `server ${mode}`);
      child.send({ cmd: 'stats' });
      return (await p).stats;
    },
    close: () => child.kill(),
  };
}

/**
 * Starts a client process that imports `moduleFile` (exporting `call`) and checks one reply
 * → { run(segment) → result, close() }. See worker.mjs for the segment and result shapes.
 */
export async function startWorker(moduleFile, label) {
  const child = fork(path.join(here, 'worker.mjs'), [moduleFile], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await reply(child, label);
  return {
    run: async (segment) => {
      const p = reply(child, label);
      child.send(segment);
      return p;
    },
    close: () => child.kill(),
  };
}
