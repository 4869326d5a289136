#!/usr/bin/env node
// `jiguang-mock <jsms|jpush|ums> [--port N] [--host H] [--node PATH]`: see the package README.
import { main } from '../dist/index.js';

process.exitCode = await main(process.argv.slice(2));
