// ferry as a real child process, in its own process group so a test can kill the whole
// group (SIGKILL at an unlucky instant) the way an operator's machine would.
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const bin = fileURLToPath(new URL('../../bin/ferry.js', import.meta.url));

export interface FerryProcess {
  pid: number;
  exited: Promise<number | null>;
  output(): string;
  /** SIGKILL to the whole process group */
  killGroup(): void;
}

export function startFerry(args: string[], env: NodeJS.ProcessEnv): FerryProcess {
  const child = spawn(process.execPath, [bin, ...args], {env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // 'close', not 'exit': the process may have ended before its last output was read (a loaded
  // machine), and a test reading output() at 'exit' would miss the --json summary.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    pid: child.pid!,
    exited,
    output: () => output,
    killGroup: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** The last line of a --json run: its summary. */
export function summaryOf(output: string): {status: string; types: Record<string, {total: number; migrated: number; failed: number; skipped: number; pending: number}>; message?: string} | undefined {
  const line = output.trim().split('\n').reverse().find((candidate) => candidate.startsWith('{'));
  return line ? JSON.parse(line) : undefined;
}
