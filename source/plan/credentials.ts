// Secrets come from environment variables or from a local store readable only by
// the user (0600), never from the plan. The store lives outside migration folders
// so a folder can be shared or archived without leaking anything. It is a `conf`
// store (source/plan/config-store.ts): atomic writes, a schema (every value a string),
// 0600, and refused when others can read it.
import type {CredentialSource, Endpoint} from './plan.js';
import type {TokenStore} from '../contracts/connector.js';
import {PlanError} from '../contracts/errors.js';
import {configPath, openConfig} from './config-store.js';

const STORE = 'credentials';
const SECRET_SCHEMA = {type: 'string'};

export function storePath(env: NodeJS.ProcessEnv = process.env): string {
  return configPath(STORE, env);
}

function readStore(env: NodeJS.ProcessEnv): Record<string, string> {
  return openConfig<Record<string, string>>(STORE, SECRET_SCHEMA, env).store;
}

export function storeSecret(name: string, secret: string, env: NodeJS.ProcessEnv = process.env) {
  openConfig<Record<string, string>>(STORE, SECRET_SCHEMA, env).set(name, secret);
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
  const value = readStore(env)[source.store];
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
  return {load: (name) => readStore(env)[name], save: (name, value) => storeSecret(name, value, env)};
}
