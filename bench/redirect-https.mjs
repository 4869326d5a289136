// Used only to run the jpush-sdk peer against the local server. jpush-sdk hard-codes
// https://api.jpush.cn and has no base-URL option; its `proxy` option is an HTTP proxy, which for an
// https URL means a CONNECT tunnel and TLS to a certificate for api.jpush.cn. Instead, inside the
// jpush-sdk process only, https.request calls for that host are handed to http.request on the local
// server with Node's keep-alive global agent: jpush-sdk and `request` run their whole per-call path, and
// only TLS (which no other peer pays either) is left out.
import http from 'node:http';
import https from 'node:https';

/** Reroutes https.request for `host` to the plain-HTTP `target` (an origin such as http://127.0.0.1:1234). */
export function redirectHttps(host, target) {
  const t = new URL(target);
  const original = https.request;
  https.request = function request(options, ...rest) {
    if (options && typeof options === 'object' && !(options instanceof URL) && (options.hostname ?? options.host) === host) {
      return http.request({ ...options, protocol: 'http:', host: t.hostname, hostname: t.hostname, port: t.port, agent: http.globalAgent }, ...rest);
    }
    return original.call(this, options, ...rest);
  };
}
