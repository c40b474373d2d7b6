// The operator's console settings (not secrets): a small JSON file beside the
// credential store, so FERRY_HOME / XDG_CONFIG_HOME move both together. Every read and
// write of settings goes through this module, so moving them to `conf` later changes
// this file only. Writes are atomic (temporary file, then rename): a console killed
// mid-write leaves the previous settings, never half a file.
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {storePath} from '../plan/credentials.js';

export interface Settings {
  /** Paths typed into path fields: folder (absolute) → field → paths, newest first */
  recentPaths?: Record<string, Record<string, string[]>>;
}

/** How many paths each field remembers per folder. */
export const RECENT_PATHS = 10;

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(storePath(env)), 'settings.json');
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  try {
    const parsed = JSON.parse(readFileSync(settingsPath(env), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Settings) : {};
  } catch {
    // Missing or damaged settings only cost the remembered paths: start afresh.
    return {};
  }
}

export function updateSettings(change: (settings: Settings) => Settings, env: NodeJS.ProcessEnv = process.env): void {
  const file = settingsPath(env);
  mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(change(readSettings(env)), null, 2) + '\n', {mode: 0o600});
  renameSync(temporary, file);
}

/** Paths given before in `field` for work in `folder`, newest first. */
export function recentPaths(folder: string, field: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const list = readSettings(env).recentPaths?.[path.resolve(folder)]?.[field];
  return Array.isArray(list) ? list.filter((item) => typeof item === 'string') : [];
}

/** Puts each given path first in its field's list (once), keeping the newest RECENT_PATHS. */
export function rememberPaths(folder: string, paths: Record<string, string | undefined>, env: NodeJS.ProcessEnv = process.env): void {
  const given = Object.entries(paths).filter((entry): entry is [string, string] => Boolean(entry[1]?.trim()));
  if (!given.length) return;
  const key = path.resolve(folder);
  updateSettings((settings) => {
    const byFolder = {...settings.recentPaths};
    const fields = {...byFolder[key]};
    for (const [field, value] of given) fields[field] = [value, ...(fields[field] ?? []).filter((old) => old !== value)].slice(0, RECENT_PATHS);
    byFolder[key] = fields;
    return {...settings, recentPaths: byFolder};
  }, env);
}
