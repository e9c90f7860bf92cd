#!/usr/bin/env node
// The `tessera` command. The TypeScript sources are compiled by `npm ci` (the root `prepare` script).
import { runCli } from '../dist/cli/index.js';

await runCli(process.argv, process.env);
