// The operator's console settings (not secrets), kept by `conf` beside the credential
// store (source/plan/config-store.ts: FERRY_HOME / XDG_CONFIG_HOME, atomic writes, 0600,
// a schema), so a console killed mid-write leaves the previous settings, never half a file.
// Every read and write of settings goes through this module.
import {existsSync, renameSync} from 'node:fs';
import path from 'node:path';
import {configPath, openConfig} from '../plan/config-store.js';

export interface Settings {
  /** Paths typed into path fields: folder (absolute) → field → paths, newest first */
  recentPaths?: Record<string, Record<string, string[]>>;
  /** The Advocate account typed in the referral import (its API key is in the credential store, never here) */
  advocate?: {tenant: string; url?: string};
}

/** How many paths each field remembers per folder. */
export const RECENT_PATHS = 10;

/** Each top-level setting is an object (recentPaths); its inner lists are checked where read. */
const SETTING_SCHEMA = {type: 'object'};

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return configPath('settings', env);
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  try {
    return {...openConfig<Settings & Record<string, unknown>>('settings', SETTING_SCHEMA, env).store};
  } catch {
    // Missing or damaged settings only cost the remembered paths: start afresh.
    return {};
  }
}

export function updateSettings(change: (settings: Settings) => Settings, env: NodeJS.ProcessEnv = process.env): void {
  const open = () => openConfig<Settings & Record<string, unknown>>('settings', SETTING_SCHEMA, env);
  let store: ReturnType<typeof open>;
  try {
    store = open();
  } catch (error) {
    // A file others may read stays refused; a damaged one is kept aside (settings.json.damaged) and started afresh.
    if (!existsSync(settingsPath(env)) || /other users/.test((error as Error).message)) throw error;
    renameSync(settingsPath(env), `${settingsPath(env)}.damaged`);
    store = open();
  }
  store.store = change(readSettings(env)) as Settings & Record<string, unknown>;
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
