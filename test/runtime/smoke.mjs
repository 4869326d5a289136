// Run by test/runtime/node20.test.ts with the system Node (20): the built packages as an ESM consumer.
import { JSMS, APIError } from '@jiguang-ts/jsms';

const [, , jsmsUrl] = process.argv;
const jsms = new JSMS({ appKey: 'k', masterSecret: 's', baseUrl: jsmsUrl, maxRetries: 0 });
const sent = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 } });
const err = await jsms.sendVoiceCode({ body: { mobile: '13800138000', code: 'abcd' } }).catch((e) => e);
console.log(JSON.stringify({ node: process.version, format: 'esm', msg_id: sent.msg_id, error: err instanceof APIError ? err.name : String(err) }));
