// The conformance scenario of the runtime matrix (test/runtime/matrix.test.ts), written once and run
// unchanged in every runtime by a thin launcher (launchers/*) that loads the packed SDK its own way and
// hands over the three package namespaces. Only web-standard APIs here: this file runs in Node, Deno,
// Bun, Chromium, workerd and edge-runtime alike.
//
// `cfg.base` is the test harness (test/runtime/harness.ts) for this run: `<base>/mock/<svc>` forwards to
// the Prism mock of a service and records what arrived, `<base>/hang/<svc>` never answers, `<base>/__seen`
// lists the recorded requests. Expected values come from the specs' own examples (cfg.expect).

/** Which runtime this is, as it says itself. */
export const runtimeName = () => {
  const g = globalThis;
  if (g.Deno?.version) return `deno ${g.Deno.version.deno}`;
  if (g.Bun?.version) return `bun ${g.Bun.version}`;
  if (typeof g.EdgeRuntime === 'string') return `edge-runtime`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (g.process?.versions?.node && !g.window) return `node ${g.process.version}`;
  return `browser ${g.navigator?.userAgent ?? '?'}`;
};

const canonical = (v) =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v;
const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const show = (v) => (v instanceof Error ? `${v.constructor?.name}: ${v.message}` : JSON.stringify(v));

/** Collects named checks; a failing check records why and the scenario goes on. */
const checker = () => {
  const checks = [];
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      checks.push({ name, ok: true, ...(detail === undefined ? {} : { detail }) });
    } catch (e) {
      checks.push({ name, ok: false, error: show(e) });
    }
  };
  return { checks, check };
};
const assert = (ok, message) => {
  if (!ok) throw new Error(message);
};

const seen = async (cfg) => {
  const r = await fetch(`${cfg.base}/__seen`);
  return r.json();
};

/** A call that must fail: resolves to the error, rejects if the call succeeded. */
const failure = (promise) =>
  promise.then(
    (v) => {
      throw new Error(`expected an error, got ${show(v)}`);
    },
    (e) => e,
  );

/**
 * The scenario every runtime runs. `sdk` = `{ jsms, jpush, ums }`, the packages' namespaces as the
 * runtime loaded them; `cfg.clientOptions` is added to every client (the browser passes
 * `dangerouslyAllowBrowser`; elsewhere it is empty, so the browser guard must not fire).
 */
export async function scenario(sdk, cfg) {
  const { JSMS, JiguangError, APIError, AuthenticationError, APITimeoutError } = sdk.jsms;
  const { JPush } = sdk.jpush;
  const { UMS } = sdk.ums;
  const opts = (svc) => ({ ...cfg.creds[svc], baseUrl: `${cfg.base}/mock/${svc}`, ...cfg.clientOptions });
  const jsms = new JSMS({ ...opts('jsms'), maxRetries: 0 });
  const jpush = new JPush({ ...opts('jpush'), maxRetries: 0 });
  const ums = new UMS({ ...opts('ums'), maxRetries: 0 });
  const { checks, check } = checker();

  // One successful call per service, resolving to the typed body the spec documents.
  await check('jpush.push with maxRetries 1 → typed result', async () => {
    const r = await jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } }, maxRetries: 1 });
    assert(same(r, cfg.expect.jpush), `got ${show(r)}, want ${show(cfg.expect.jpush)}`);
    return r;
  });
  await check('jsms.sendCode → typed result', async () => {
    const r = await jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 } });
    assert(same(r, cfg.expect.jsms), `got ${show(r)}, want ${show(cfg.expect.jsms)}`);
    return r;
  });
  await check('ums.sendMessage → typed result', async () => {
    const r = await ums.sendMessage({ body: { aud_userid: ['user1'], msg_app: [{ platform: 'all', notification: { alert: 'Hi' } }] } });
    assert(same(r, cfg.expect.ums), `got ${show(r)}, want ${show(cfg.expect.ums)}`);
    return r;
  });

  // A documented 401 (Prism answers the example when asked with `Prefer: code=401`) per service.
  const unauthorized = { headers: { Prefer: 'code=401' }, maxRetries: 0 };
  const errors = [];
  for (const [svc, call] of [
    ['jsms', () => jsms.sendCode({ body: { mobile: '13800138000', temp_id: 1 }, ...unauthorized })],
    ['jpush', () => jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } }, ...unauthorized })],
    ['ums', () => ums.sendMessage({ body: { aud_userid: ['user1'], msg_app: [{ platform: 'all', notification: { alert: 'Hi' } }] }, ...unauthorized })],
  ]) {
    await check(`${svc} 401 → AuthenticationError with vendor code ${cfg.expect.code401[svc]}`, async () => {
      const e = await failure(call());
      errors.push(e);
      assert(e instanceof AuthenticationError, `not an AuthenticationError: ${show(e)}`);
      // One core: the classes every package re-exports are the same objects.
      assert(e instanceof APIError && e instanceof JiguangError && e instanceof Error, 'not an APIError/JiguangError/Error');
      assert(e instanceof sdk[svc].JiguangError && e instanceof sdk[svc].AuthenticationError, `${svc}'s own classes differ from jsms's`);
      assert(e.status === 401, `status ${e.status}`);
      assert(e.code === cfg.expect.code401[svc], `code ${e.code}`);
      assert(e.name === 'AuthenticationError', `name ${e.name}`);
      return { name: e.name, status: e.status, code: e.code };
    });
  }

  await check('timeout 300 ms on a server that never answers → APITimeoutError', async () => {
    const slow = new JSMS({ ...opts('jsms'), baseUrl: `${cfg.base}/hang/jsms` });
    const e = await failure(slow.getAppBalance({ timeout: 300, maxRetries: 0 }));
    assert(e instanceof APITimeoutError && e instanceof JiguangError, `not an APITimeoutError: ${show(e)}`);
    return e.name;
  });

  const requests = await seen(cfg);
  await check('Authorization: the Basic credentials of its service on every request', async () => {
    assert(requests.length >= 8, `only ${requests.length} requests recorded`);
    const wrong = requests.filter((r) => r.authorization !== cfg.auth[r.svc]);
    assert(!wrong.length, `wrong Authorization on ${wrong.map((r) => `${r.method} ${r.route}/${r.svc}${r.path}: ${r.authorization}`).join('; ')}`);
    return `${requests.length} requests`;
  });
  await check('jpush auto-cid: getCidList first, then the push carries one of its cids', async () => {
    const j = requests.filter((r) => r.svc === 'jpush');
    const cidCall = j.findIndex((r) => r.method === 'GET' && r.path === '/v3/push/cid');
    const push = j.findIndex((r) => r.method === 'POST' && r.path === '/v3/push');
    assert(cidCall >= 0 && push > cidCall, `order: ${j.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    const query = new URLSearchParams(j[cidCall].query);
    assert(query.get('type') === 'push' && Number(query.get('count')) > 0, `getCidList query ${j[cidCall].query}`);
    assert(cfg.expect.cidlist.includes(j[push].body?.cid), `push body cid ${show(j[push].body?.cid)}, cidlist ${show(cfg.expect.cidlist)}`);
    return j[push].body.cid;
  });
  await check('no credential in any error message, string or JSON', async () => {
    const secrets = [...Object.values(cfg.creds).map((c) => c.masterSecret), ...Object.values(cfg.auth).map((a) => a.slice('Basic '.length))];
    assert(errors.length === 3, `${errors.length} errors`);
    for (const e of errors) {
      const text = `${e.message}\n${String(e)}\n${JSON.stringify(e)}\n${e.stack ?? ''}`;
      const leaked = secrets.filter((s) => text.includes(s));
      assert(!leaked.length, `${e.name} shows a credential`);
    }
  });
  return { runtime: runtimeName(), checks };
}

/**
 * Browser only, after {@link scenario}: the guard refuses a client without `dangerouslyAllowBrowser`,
 * and the documented proxy pattern works — the page talks to `<base>/proxy/jpush` with placeholder
 * credentials and the proxy (a local server standing in for the user's backend) puts the real ones on.
 */
export async function browserScenario(sdk, cfg) {
  const { checks, check } = checker();
  await check('construction without dangerouslyAllowBrowser throws a JiguangError', async () => {
    const e = (() => {
      try {
        new sdk.jsms.JSMS({ appKey: 'k', masterSecret: 's', baseUrl: `${cfg.base}/mock/jsms` });
      } catch (err) {
        return err;
      }
    })();
    assert(e instanceof sdk.jsms.JiguangError, `constructed, or threw ${show(e)}`);
    assert(/dangerouslyAllowBrowser/.test(e.message), e.message);
    return e.message;
  });
  await check('proxy pattern: no credentials in the page, baseUrl → local proxy that adds them', async () => {
    const jpush = new sdk.jpush.JPush({ baseUrl: `${cfg.base}/proxy/jpush` });
    const r = await jpush.push({ body: { platform: 'all', audience: 'all', notification: { alert: 'Hi' } }, maxRetries: 0 });
    assert(same(r, cfg.expect.jpush), `got ${show(r)}`);
    const proxied = (await seen(cfg)).filter((x) => x.route === 'proxy');
    assert(proxied.length === 1 && proxied[0].path === '/v3/push', `proxied ${show(proxied)}`);
    return r;
  });
  return { runtime: runtimeName(), checks };
}
