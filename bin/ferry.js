#!/usr/bin/env node
// Entry point: map NO_COLOR before anything loads chalk (chalk ignores NO_COLOR),
// then run the TypeScript sources through tsx (no build step to forget).
if (process.env.NO_COLOR && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = '0';
const {register} = await import('tsx/esm/api');
register();
const {main} = await import('../source/cli/main.ts');
const code = await main(process.argv.slice(2), {stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd()});
process.exitCode = code;
