// Launcher for Deno: bare imports resolved through the consumer's package.json and node_modules
// (the installed tarballs); the config comes from Deno.args.
import * as jsms from '@jiguang-ts/jsms';
import * as jpush from '@jiguang-ts/jpush';
import * as ums from '@jiguang-ts/ums';
import { scenario } from '../scenario.mjs';

const result = await scenario({ jsms, jpush, ums }, JSON.parse(Deno.args[0]));
const resolved = ['@jiguang-ts/jsms', '@jiguang-ts/jpush', '@jiguang-ts/ums', '@jiguang-ts/core'].map((s) => import.meta.resolve(s));
console.log(JSON.stringify({ ...result, resolved }));
