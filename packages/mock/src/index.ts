/**
 * `@jiguang-ts/mock`: a local JPush, JSMS or UMS for your tests — Prism serving the bundled OpenAPI
 * spec with request validation on (a request that breaks the spec gets 4xx with the broken rule), and
 * the spec's own examples as answers. `const mock = await startMock('jsms'); … await mock.stop();`
 * or, from a shell, `npx jiguang-mock jsms --port 4010`.
 * @packageDocumentation
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The services a mock exists for. */
export const services = ['jsms', 'jpush', 'ums'] as const;
/** `jsms`, `jpush` or `ums`. */
export type MockService = (typeof services)[number];

/** Options of {@link startMock}. */
export interface MockOptions {
  /** Port on `host`; default a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * The Node binary that runs Prism. Default: the one running this code. Prism 5.16 needs
   * Node ≥ 24.18; if your tests run on an older Node, point this at a newer one.
   */
  node?: string;
  /** Another OpenAPI document to serve instead of the bundled one. */
  spec?: string;
  /** How long to wait for Prism to answer, in ms. Default 60 000. */
  timeoutMs?: number;
}

/** A running mock. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:4010`: pass it as the client's `baseUrl`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Everything Prism printed so far (request log, validation messages). */
  logs(): string;
  /** Stops Prism and waits until it has exited. */
  stop(): Promise<void>;
}

/** Raised when a mock cannot start: unknown service, missing spec, too old a Node, Prism failing. */
export class MockError extends Error {
  override name = 'MockError';
}

// This module is built twice: CommonJS has __filename, ESM has import.meta.url.
declare const __filename: string | undefined;
const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
const require = createRequire(here);

/** Path of the bundled OpenAPI document of a service (JSON, all references resolved). */
export const specPath = (service: MockService): string => fileURLToPath(new URL(`../specs/${service}.json`, here));

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const versionAtLeast = (version: string, min: string) => {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

/** Checks that `node` is new enough for the installed Prism (its `engines` field) and returns Prism's entry file. */
const prism = (node: string): string => {
  const pkgPath = require.resolve('@stoplight/prism-cli/package.json');
  const pkg = require(pkgPath) as { version: string; bin: { prism: string }; engines?: { node?: string } };
  const min = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(pkg.engines?.node?.trim() ?? '')?.[1];
  const version = node === process.execPath ? process.versions.node : spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
  if (!version) throw new MockError(`cannot run ${node} to check its version`);
  if (min && !versionAtLeast(version, min)) {
    throw new MockError(
      `Prism ${pkg.version} (the engine of @jiguang-ts/mock) needs Node ≥ ${min}, but ${node === process.execPath ? 'this process runs' : node + ' is'} Node ${version}. ` +
        'Run the mock with a newer Node, or pass { node: "/path/to/node" } (CLI: --node /path/to/node) pointing at one. The SDK packages themselves run on Node 20.',
    );
  }
  return path.join(path.dirname(pkgPath), pkg.bin.prism);
};

/**
 * Starts Prism for one service on `host:port` and resolves once it answers. Rejects with
 * {@link MockError} when it cannot start.
 */
export async function startMock(service: MockService, options: MockOptions = {}): Promise<MockServer> {
  if (!services.includes(service)) throw new MockError(`unknown service "${service}"; expected one of ${services.join(', ')}`);
  const spec = options.spec ?? specPath(service);
  if (!existsSync(spec)) throw new MockError(`OpenAPI document ${spec} not found`);
  const node = options.node ?? process.execPath;
  const entry = prism(node);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child = spawn(node, [entry, 'mock', spec, '-h', host, '-p', String(port), '--cors', 'false', '-v', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new MockError(`Prism (${service}) exited with code ${child.exitCode}:\n${out}`);
    try {
      await fetch(url + '/__prism_ready_probe');
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new MockError(`Prism (${service}) did not answer within ${timeoutMs} ms:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return {
    url,
    port,
    logs: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

const USAGE = 'usage: jiguang-mock <jsms|jpush|ums> [--port N] [--host H] [--node PATH]';

/**
 * The `jiguang-mock` command: starts one mock, prints its URL and runs until SIGINT/SIGTERM.
 * Resolves to the exit code (0 after a clean stop, 1 when the mock could not start, 2 for bad arguments).
 */
export async function main(argv: string[]): Promise<number> {
  const [service, ...rest] = argv;
  const options: MockOptions = {};
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) return usage(`${flag} needs a value`);
    if (flag === '--port' && /^\d+$/.test(value) && +value < 65536) options.port = +value;
    else if (flag === '--host') options.host = value;
    else if (flag === '--node') options.node = value;
    else return usage(`unknown or invalid option ${flag} ${value}`);
  }
  if (service === '--help' || service === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (!services.includes(service as MockService)) return usage(`unknown service "${service ?? ''}"`);
  let mock: MockServer;
  try {
    mock = await startMock(service as MockService, options);
  } catch (e) {
    console.error(`jiguang-mock: ${(e as Error).message}`);
    return 1;
  }
  console.log(`jiguang-mock: ${service} on ${mock.url} (Prism, request validation on; Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await mock.stop();
  return 0;
}

const usage = (problem: string) => {
  console.error(`jiguang-mock: ${problem}\n${USAGE}`);
  return 2;
};
