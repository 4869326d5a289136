// Launcher for Vercel's Edge runtime (bundled by esbuild with the `edge-light` condition, run by the
// edge-runtime package): a fetch event handler; the config is the request body, the result the response.
import * as jsms from '@jiguang-ts/jsms';
import * as jpush from '@jiguang-ts/jpush';
import * as ums from '@jiguang-ts/ums';
import { scenario } from '../scenario.mjs';

addEventListener('fetch', (event) => {
  event.respondWith(event.request.json().then((cfg) => scenario({ jsms, jpush, ums }, cfg)).then((r) => Response.json(r)));
});
