// ferry check: what a run checks before it writes, run alone; exit 1 when a run would stop.
import {checkFolder, formatCheck} from '../app/check.js';
import {folderOf, parse, withDir, write, type Io} from './args.js';

export const CHECK_USAGE =
  'ferry check [--dir D] [--json]\n  tests both connections, the rights each side needs, the plan against both accounts and the tickets its filters select,\n  and prints the preparation checklist for the pair; exits 1 when a run would stop before writing (ferry run makes the same checks first)';

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {dir: {type: 'string'}, json: {type: 'boolean'}});
  if (values.help) return write(io.stdout, CHECK_USAGE), 0;
  const dir = folderOf(values, io);
  const result = await checkFolder(dir, io.env);
  const exitCode = result.ok ? 0 : 1;
  if (values.json) write(io.stdout, JSON.stringify({...result, exitCode, ...(result.ok ? {} : {error: result.checks.filter((c) => !c.ok).map((c) => `${c.label}: ${c.detail}`).join('\n')})}));
  else write(io.stdout, withDir(formatCheck(result), dir, io.cwd));
  return exitCode;
}
