// A Worker that keeps the JSMS replay records in a Durable Object, so that every instance of the Worker
// (and every other Worker bound to the same namespace) refuses a callback another one already handled.
// This is the adapter pattern the README's Security section shows: a ReplayStore of two calls to the
// object, and an object that claims a key atomically (a Durable Object runs one event at a time while its
// storage calls are in flight). Bundled from the BUILT packages by replay-workerd.test.ts.
import { jsmsWebhooks, type ReplayStore } from '@jiguang-ts/jsms';
import { eventsRoute, record } from './worker-events.js';

// The few Cloudflare types used (from @cloudflare/workers-types in a real project).
interface DurableObjectStorage {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  deleteAll(): Promise<void>;
  setAlarm(at: number): Promise<void>;
}
interface DurableObjectState {
  storage: DurableObjectStorage;
}
interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(url: string, init?: RequestInit): Promise<Response> };
}

/** One object per replay key: it remembers until when the key is taken, and forgets it after that. */
export class ReplayGuard {
  constructor(private readonly state: DurableObjectState) {}

  async fetch(request: Request): Promise<Response> {
    const { storage } = this.state;
    const ttl = Number(new URL(request.url).searchParams.get('ttl'));
    if (request.method === 'DELETE') {
      await storage.deleteAll();
      return Response.json(true);
    }
    const until = await storage.get<number>('until');
    if (until !== undefined && until > Date.now()) return Response.json(false);
    await storage.put('until', Date.now() + ttl);
    await storage.setAlarm(Date.now() + ttl);
    return Response.json(true);
  }

  async alarm(): Promise<void> {
    await this.state.storage.deleteAll();
  }
}

/** A {@link ReplayStore} backed by the `ReplayGuard` namespace. */
export const durableObjectReplayStore = (namespace: DurableObjectNamespace): ReplayStore => {
  const guard = (key: string) => namespace.get(namespace.idFromName(key));
  return {
    claim: async (key, ttlMs) => (await guard(key).fetch(`https://replay/?ttl=${ttlMs}`, { method: 'POST' })).json() as Promise<boolean>,
    release: (key) => guard(key).fetch('https://replay/', { method: 'DELETE' }),
  };
};

interface Env {
  JSMS_APP_KEY: string;
  JSMS_MASTER_SECRET: string;
  REPLAY: DurableObjectNamespace;
}

let hooks: ReturnType<typeof jsmsWebhooks> | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const path = new URL(request.url).pathname;
    const listed = eventsRoute(path);
    if (listed) return listed;
    // Created once per isolate, with the shared store.
    hooks ??= jsmsWebhooks({ appKey: env.JSMS_APP_KEY, masterSecret: env.JSMS_MASTER_SECRET, replayStore: durableObjectReplayStore(env.REPLAY) });
    if (path === '/jsms-failing') {
      return hooks.handle(request, () => Promise.reject(new Error('database down'))).catch(() => new Response('try again', { status: 500 }));
    }
    return hooks.handle(request, async (event) => {
      // Slow enough that concurrent duplicates overlap.
      await new Promise((r) => setTimeout(r, 20));
      record(event);
    });
  },
};
