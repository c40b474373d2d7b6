// Drives the real ferry console in tmux (private socket, temp folders) for the
// end-to-end tests: send keys, wait for the screen to change, read it back.
import type {TestFn} from 'ava';
import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const FERRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/ferry.js');

export interface Terminal {
  socket: string;
  cwd: string;
  home: string;
  tmux(...args: string[]): string;
  screen(): string;
  keys(...keys: string[]): void;
  type(text: string): void;
  waitFor(check: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  start(command: string, size?: {columns: number; rows: number}): void;
  kill(): void;
}

/**
 * The end-to-end tests need tmux. Decided when a test file loads: without tmux they are
 * registered as ava skips whose title says why (and a warning is printed), so the report
 * shows them skipped instead of passing; in CI (CI set) a missing tmux is a failure.
 */
export function withTmux(test: TestFn): TestFn['serial'] {
  try {
    execFileSync('tmux', ['-V'], {stdio: 'ignore'});
    return test.serial;
  } catch (error) {
    const reason = `TMUX NOT AVAILABLE (${(error as Error).message}); end-to-end console tests skipped. Install tmux to run them`;
    console.warn(reason);
    if (process.env.CI) test('tmux availability', (t) => t.fail(reason));
    else test.skip(`tmux availability: ${reason}`, () => {});
    return test.serial.skip as unknown as TestFn['serial'];
  }
}

let counter = 0;

export function terminal(env: Record<string, string> = {}): Terminal {
  const socket = `ferry-e2e-${process.pid}-${counter++}`;
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ferry-e2e-'));
  const home = mkdtempSync(path.join(os.tmpdir(), 'ferry-e2e-home-'));
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
  const envText = Object.entries({FERRY_HOME: home, ...env}).map(([k, v]) => `${k}=${v}`).join(' ');
  const self: Terminal = {
    socket,
    cwd,
    home,
    tmux,
    screen: () => tmux('capture-pane', '-p', '-t', 'app'),
    keys: (...keys) => void tmux('send-keys', '-t', 'app', ...keys),
    type: (text) => void tmux('send-keys', '-t', 'app', '-l', text),
    async waitFor(check, what, timeoutMs = 60_000) {
      const start = Date.now();
      let last = '';
      while (Date.now() - start < timeoutMs) {
        try {
          last = self.screen();
        } catch {
          last = '(no screen)';
        }
        if (check(last)) {
          await new Promise((r) => setTimeout(r, 60)); // let the app re-subscribe its key handler
          // A frame caught half drawn (the terminal had only part of Ink's write) may pass the
          // check: the screen returned is a later look that passes it too.
          let again = '';
          try {
            again = self.screen();
          } catch {
            // no screen: look again
          }
          if (check(again)) return again;
          continue;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}; the screen:\n${last}`);
    },
    start(command, size = {columns: 100, rows: 30}) {
      // "env -u CI": under CI=true Ink paints nothing until exit. The trailing echo/sleep keep the
      // pane open after ferry exits, so the normal screen it leaves behind can be read.
      tmux('new-session', '-d', '-s', 'app', '-x', String(size.columns), '-y', String(size.rows), '-c', cwd, `env -u CI ${envText} ${command}; echo "EXITED $?"; sleep 60`);
    },
    kill() {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
  return self;
}

/** The pid of the program the pane runs (the child of the pane's shell). */
export function paneProgramPid(term: Terminal): number {
  const shell = term.tmux('display', '-p', '-t', 'app', '#{pane_pid}').trim();
  const child = execFileSync('ps', ['-o', 'pid=', '--ppid', shell], {encoding: 'utf8'}).trim().split('\n')[0]!;
  return Number(child.trim());
}
