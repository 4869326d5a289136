// Run by secrets.test.ts under Deno: builds clients from the built packages with the credentials given as
// arguments and prints what Deno.inspect shows of them (and of their configuration), as JSON.
import { JSMS } from '@jiguang-ts/jsms';
import { JPush } from '@jiguang-ts/jpush';
import { UMS } from '@jiguang-ts/ums';

const [appSecret, groupSecret, devSecret] = Deno.args;
const clients = [
  new JSMS({ appKey: 'app-key', masterSecret: appSecret, devKey: 'dev-key', devSecret }),
  new JPush({ appKey: 'app-key', masterSecret: appSecret, groupKey: 'gk', groupMasterSecret: groupSecret, devKey: 'dev-key', devSecret }),
  new UMS({ channelKey: 'app-key', masterSecret: appSecret }),
];
void clients[1].webhooks;
const texts = clients.flatMap((c) => [
  Deno.inspect(c, { showHidden: true, depth: Infinity, getters: true }),
  Deno.inspect(c._r, { showHidden: true, depth: Infinity }),
]);
console.log(JSON.stringify({ runtime: 'deno ' + Deno.version.deno, texts }));
