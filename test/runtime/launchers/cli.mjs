// Launcher for runtimes with a command line (Node ESM, Bun): ESM imports of the packed packages,
// the scenario with the config from argv[2], one JSON line out.
import * as jsms from '@jiguang-ts/jsms';
import * as jpush from '@jiguang-ts/jpush';
import * as ums from '@jiguang-ts/ums';
import { scenario } from '../scenario.mjs';

const result = await scenario({ jsms, jpush, ums }, JSON.parse(process.argv[2]));
const resolved = ['@jiguang-ts/jsms', '@jiguang-ts/jpush', '@jiguang-ts/ums', '@jiguang-ts/core'].map((s) => import.meta.resolve(s));
console.log(JSON.stringify({ ...result, resolved }));
