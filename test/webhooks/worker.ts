// A Cloudflare Worker as a user would write it: bundled by the test from the BUILT packages (as Wrangler
// bundles), run in workerd without nodejs_compat. The JSMS route uses the client class, UMS and JPush the
// standalone factories. `/__events` returns (and clears) what onEvent received.
import { JSMS } from '@jiguang-ts/jsms';
import { umsWebhooks } from '@jiguang-ts/ums';
import { jpushWebhooks } from '@jiguang-ts/jpush';
import { eventsRoute, record } from './worker-events.js';

interface Env {
  JSMS_APP_KEY: string;
  JSMS_MASTER_SECRET: string;
  UMS_CHANNEL_KEY: string;
  UMS_MASTER_SECRET: string;
  JPUSH_APP_KEY: string;
  JPUSH_MASTER_SECRET: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const path = new URL(request.url).pathname;
    const listed = eventsRoute(path);
    if (listed) return listed;
    const onEvent = record;
    if (path === '/jsms') return new JSMS({ appKey: env.JSMS_APP_KEY, masterSecret: env.JSMS_MASTER_SECRET }).webhooks.handle(request, onEvent);
    if (path === '/ums') return umsWebhooks({ channelKey: env.UMS_CHANNEL_KEY, masterSecret: env.UMS_MASTER_SECRET }).handle(request, onEvent);
    if (path === '/jpush') return jpushWebhooks({ appKey: env.JPUSH_APP_KEY, masterSecret: env.JPUSH_MASTER_SECRET }).handle(request, onEvent);
    return new Response('not found', { status: 404 });
  },
};
