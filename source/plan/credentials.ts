// Secrets come from environment variables or from a local store readable only by
// the user (0600), never from the plan. The store lives outside migration folders
// so a folder can be shared or archived without leaking anything.
import {chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {CredentialSource, Endpoint} from './plan.js';
import type {TokenStore} from '../contracts/connector.js';
import {PlanError} from '../contracts/errors.js';

export function storePath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.FERRY_HOME ?? path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'ferry');
  return path.join(home, 'credentials.json');
}

function readStore(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const mode = statSync(file).mode & 0o777;
  // Refuse a store others can read: its secrets may already have leaked, and the user must know.
  if (mode & 0o077) throw new PlanError(`The credential store ${file} is readable by other users (mode ${mode.toString(8)}). Run: chmod 600 ${file}`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

export function storeSecret(name: string, secret: string, env: NodeJS.ProcessEnv = process.env) {
  const file = storePath(env);
  mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
  const store = readStore(file);
  store[name] = secret;
  writeFileSync(file + '.tmp', JSON.stringify(store, null, 2), {mode: 0o600});
  chmodSync(file + '.tmp', 0o600);
  renameSync(file + '.tmp', file);
}

export function resolveCredential(source: CredentialSource, field: string, env: NodeJS.ProcessEnv = process.env): string {
  if ('value' in source) return source.value;
  if ('env' in source) {
    const value = env[source.env];
    // An empty variable is a different mistake from a missing one (e.g. `export VAR=$UNSET_OTHER`), so each is named.
    if (value === undefined) throw new PlanError(`${field} comes from the environment variable ${source.env}, which is not set. Export it before running ferry.`, field);
    if (value.trim() === '') throw new PlanError(`${field} comes from the environment variable ${source.env}, which is set but ${value === '' ? 'empty' : 'holds only white space'}. Give it the secret's value before running ferry.`, field);
    return value;
  }
  const store = readStore(storePath(env));
  const value = store[source.store];
  if (!value) throw new PlanError(`${field} comes from the credential store entry "${source.store}", which is not in ${storePath(env)}. Save it from the Connect screen, or use an environment variable.`, field);
  return value;
}

/** All credentials of an endpoint, resolved; keys are the connector's credential keys. */
export function resolveCredentials(endpoint: Endpoint, side: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, source] of Object.entries(endpoint.credentials)) resolved[key] = resolveCredential(source, `${side}.credentials.${key}`, env);
  return resolved;
}


/** Credentials a connector renews during a run (rotated OAuth tokens): the same 0600 store, never the plan or journal. */
export function credentialTokenStore(env: NodeJS.ProcessEnv = process.env): TokenStore {
  return {load: (name) => readStore(storePath(env))[name], save: (name, value) => storeSecret(name, value, env)};
}
