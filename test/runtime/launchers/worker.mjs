// Launcher for Cloudflare Workers (bundled by esbuild as wrangler does, run by workerd through
// Miniflare): the credentials come from the Worker's env bindings, the rest of the config from the
// request body; the result is the response.
import * as jsms from '@jiguang-ts/jsms';
import * as jpush from '@jiguang-ts/jpush';
import * as ums from '@jiguang-ts/ums';
import { scenario } from '../scenario.mjs';

export default {
  async fetch(request, env) {
    const creds = {
      jsms: { appKey: env.JSMS_APP_KEY, masterSecret: env.JSMS_MASTER_SECRET },
      jpush: { appKey: env.JPUSH_APP_KEY, masterSecret: env.JPUSH_MASTER_SECRET },
      ums: { channelKey: env.UMS_CHANNEL_KEY, masterSecret: env.UMS_MASTER_SECRET },
    };
    return Response.json(await scenario({ jsms, jpush, ums }, { ...(await request.json()), creds }));
  },
};
