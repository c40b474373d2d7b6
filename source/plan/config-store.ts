// ferry's own files outside migration folders (the credential store, settings), kept by
// `conf`: atomic writes (a reader never sees half a file), a JSON schema checked on every
// read and write, and the file mode enforced here: 0600 on create, and a file other users
// can read or write is refused, not used.
//   Where: $FERRY_HOME, else $XDG_CONFIG_HOME/ferry, else ~/.config/ferry (the same
// place ferry has always used, so existing files are read as they are; conf's own default,
// env-paths' "ferry-nodejs", is not used).
import {existsSync, mkdirSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import {PlanError} from '../contracts/errors.js';

export function ferryHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.FERRY_HOME ?? path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'ferry');
}

/** The file of a store called `name` (credentials → credentials.json). */
export function configPath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(ferryHome(env), `${name}.json`);
}

/** Refuses a file others can read or write: its secrets may already have leaked, and the user must know. */
function checkPrivate(file: string) {
  if (!existsSync(file)) return;
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) throw new PlanError(`${file} is readable or writable by other users (mode ${mode.toString(8)}). Run: chmod 600 ${file}`);
}

/**
 * Opens the store `name` (a flat JSON object) with a schema for its values. Every read
 * goes to the file, so another process's writes are seen, and the mode is checked on
 * every open. The folder is made 0700; conf writes through a temporary file opened 0600
 * and renamed over the store (atomically). One conf per file and schema: compiling the
 * schema is the costly part, and an OAuth run reads its tokens often.
 */
export function openConfig<T extends Record<string, unknown>>(name: string, valueSchema: object, env: NodeJS.ProcessEnv = process.env): Conf<T> {
  const home = ferryHome(env);
  const file = configPath(name, env);
  mkdirSync(home, {recursive: true, mode: 0o700});
  checkPrivate(file);
  const key = `${file}\0${JSON.stringify(valueSchema)}`;
  const cached = opened.get(key);
  try {
    if (cached) {
      void cached.store; // validates what is there now
      return cached as Conf<T>;
    }
    const store = new Conf<T>({
      cwd: home,
      configName: name,
      configFileMode: 0o600,
      // Names such as "acme.zendesk.com-apiToken" are keys, not paths.
      accessPropertiesByDotNotation: false,
      rootSchema: {additionalProperties: valueSchema} as object,
    });
    opened.set(key, store);
    return store;
  } catch (error) {
    throw new PlanError(`${file} cannot be read: ${(error as Error).message}`);
  }
}

const opened = new Map<string, Conf<any>>();
