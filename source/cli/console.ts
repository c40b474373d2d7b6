// Opening ferry without a command: the full-screen console. It needs a terminal
// (and says how to run headless without one), uses the alternate screen (entered
// by hand: ink 6 has no option for it) and restores the normal screen on every
// way out (q, Ctrl+C, SIGTERM, SIGHUP, a crash), then prints a summary there.
import React from 'react';
import {render} from 'ink';
import type {Io} from './args.js';
import {createStore} from '../app/console/store.js';
import {createIntents, openInitialFolder} from '../app/console/intents.js';
import {initialState, runIsLive, type ConsoleState} from '../app/console/state.js';
import {defaultDemoDir} from '../app/demo.js';
import {formatResultsTable} from '../app/migration.js';
import {App} from '../../views/App.js';

const ENTER_ALT = '\x1b[?1049h\x1b[H';
const LEAVE_ALT = '\x1b[?25h\x1b[?1049l';

export async function openConsole(argv: string[], io: Io): Promise<number> {
  const stdout = io.stdout as NodeJS.WriteStream;
  if (!process.stdin.isTTY || !stdout.isTTY) {
    io.stderr.write(
      'ferry: the console needs a terminal (stdin and stdout must be a TTY).\n' +
        'Run headless instead: ferry run --mode demo|full|delta [--dir D], or ferry demo --headless.\n' +
        'Over SSH, ask for a terminal with ssh -t.\n',
    );
    return 2;
  }

  const store = createStore({...initialState(), defaultDemoDir: defaultDemoDir(io.cwd, io.env)});
  const intents = createIntents(store, {env: io.env, cwd: io.cwd});
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(LEAVE_ALT);
  };
  stdout.write(ENTER_ALT);
  process.on('exit', restore);

  const instance = render(React.createElement(App, {store, intents}), {stdout, exitOnCtrlC: true, patchConsole: false, maxFps: 12});
  const stopOn = (signal: NodeJS.Signals, code: number) => () => {
    intents.stopFollowing();
    instance.unmount();
    restore();
    process.exit(code);
  };
  const onTerm = stopOn('SIGTERM', 143);
  const onHup = stopOn('SIGHUP', 129);
  const onCrash = (error: unknown) => {
    instance.unmount();
    restore();
    io.stderr.write(`ferry: the console stopped on an unexpected error: ${(error as Error)?.stack ?? error}\nA run in the background carries on; open ferry again to see it.\n`);
    process.exit(1);
  };
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  void openInitialFolder(intents, io.cwd, argv).catch(onCrash);
  try {
    await instance.waitUntilExit();
  } finally {
    // Also after Ctrl+C: the demo emulators stop when no run needs them.
    intents.shutdown();
    restore();
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('exit', restore);
  }
  io.stdout.write(summary(store.getState()));
  return 0;
}

export function summary(state: ConsoleState): string {
  if (!state.dir) return 'ferry: no migration folder was opened.\n';
  const lines = [`ferry: ${state.plan?.name ?? 'migration'} in ${state.dir}`];
  const run = state.run;
  if (run.lastRun) {
    lines.push(`Last run ${run.lastRun.id} (${run.lastRun.mode}): ${runIsLive(run) ? 'still running in the background' : run.lastRun.status}`);
    lines.push('', formatResultsTable(run.runCounts));
    if (JSON.stringify(run.overall) !== JSON.stringify(run.runCounts)) lines.push('', 'All runs together:', formatResultsTable(run.overall));
  } else if (run.scheduled) lines.push(`A ${run.scheduled.mode} run starts by itself at ${new Date(run.scheduled.at).toLocaleString()}.`);
  else lines.push('No run yet.');
  if (runIsLive(run)) lines.push('', `It carries on without the console. Follow it: ferry (in ${state.dir}) or ferry status --dir ${state.dir}`);
  return lines.join('\n') + '\n';
}
