#!/usr/bin/env node
// Entry point: map NO_COLOR before anything loads chalk (chalk ignores NO_COLOR),
// then run the TypeScript sources through tsx (no build step to forget).
if (process.env.NO_COLOR && process.env.FORCE_COLOR === undefined) process.env.FORCE_COLOR = '0';
// A reader that goes away (`ferry status | head`) ends ferry's output, not ferry: what is left to
// print is dropped and the command finishes its work (a run keeps running and journalling), as
// quietly as a Unix tool killed by SIGPIPE, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}
const {register} = await import('tsx/esm/api');
register();
const {main} = await import('../source/cli/main.ts');
const code = await main(process.argv.slice(2), {stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd()});
process.exitCode = code;
