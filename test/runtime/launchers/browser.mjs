// Launcher for Chromium (bundled by esbuild for the browser platform): the scenario with
// dangerouslyAllowBrowser, then the browser-only checks (guard, proxy pattern). The config is the
// page's JSON script; the result goes to window.__result.
import * as jsms from '@jiguang-ts/jsms';
import * as jpush from '@jiguang-ts/jpush';
import * as ums from '@jiguang-ts/ums';
import { browserScenario, scenario } from '../scenario.mjs';

const cfg = JSON.parse(document.getElementById('cfg').textContent);
window.__result = (async () => {
  const sdk = { jsms, jpush, ums };
  const common = await scenario(sdk, { ...cfg, clientOptions: { dangerouslyAllowBrowser: true } });
  const own = await browserScenario(sdk, cfg);
  return { runtime: common.runtime, checks: [...common.checks, ...own.checks] };
})().catch((e) => ({ runtime: 'browser', checks: [{ name: 'launcher', ok: false, error: String(e) }] }));
