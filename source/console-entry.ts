// Opening ferry without a command. Until the full-screen console lands, this runs
// the headless demo (outside a migration folder) or shows the folder's status.
import type {Io} from './cli.js';
import {isMigrationFolder} from './migration.js';
import {main} from './cli.js';

export async function openConsole(argv: string[], io: Io): Promise<number> {
  if (!argv.includes('--demo') && isMigrationFolder(io.cwd)) return main(['status'], io);
  return main(['demo', '--headless', ...argv.filter((a) => a !== '--demo')], io);
}
