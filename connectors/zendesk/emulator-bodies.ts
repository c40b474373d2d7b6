// Request bodies and replies shared by the Zendesk emulator's write routes (tickets, users, Help Center).
import type {EmulatorReply, EmulatorRequest} from '../shared/emulator-kit.js';
import {badRequest, recordInvalid} from './emulator-http.js';

export type Body = Record<string, any>;

export function bodyOf(request: EmulatorRequest, key: string): Body {
  const value = request.json?.[key];
  if (!value || typeof value !== 'object') throw badRequest('InvalidValue', `Missing "${key}" object in the request body`);
  return value as Body;
}

export function check(details: Record<string, string[]>) {
  if (Object.keys(details).length) throw recordInvalid(details);
}

export function add(details: Record<string, string[]>, field: string, message: string) {
  (details[field] ??= []).push(message);
}

export const created = (json: unknown): EmulatorReply => ({status: 201, json});
export const ok = (json: unknown): EmulatorReply => ({status: 200, json});


export function pick(input: Body, keys: string[]): Body {
  const out: Body = {};
  for (const key of keys) if (input[key] !== undefined) out[key] = input[key];
  return out;
}
