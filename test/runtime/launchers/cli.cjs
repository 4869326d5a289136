// Launcher for Node as a CommonJS consumer: require() of the packed packages (their dist/index.cjs),
// then the same scenario (an ES module, loaded with import()).
const jsms = require('@jiguang-ts/jsms');
const jpush = require('@jiguang-ts/jpush');
const ums = require('@jiguang-ts/ums');

import('../scenario.mjs')
  .then(({ scenario }) => scenario({ jsms, jpush, ums }, JSON.parse(process.argv[2])))
  .then((result) => {
    const resolved = ['@jiguang-ts/jsms', '@jiguang-ts/jpush', '@jiguang-ts/ums', '@jiguang-ts/core'].map((s) => require.resolve(s));
    console.log(JSON.stringify({ ...result, resolved }));
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
