// What the Help Scout emulator's route files share: the store, how a request is checked, and
// Help Scout's error body (application/vnd.error+json: logRef, message, _embedded.errors[{path,
// message, rejectedValue, source}], as printed on developer.helpscout.com/mailbox-api/overview/errors).
import {randomUUID} from 'node:crypto';
import type {EmulatorReply, EmulatorRequest} from '../shared/emulator-kit.js';
import type {HelpScoutStore} from './emulator-store.js';

export interface EmulatorContext {
  store: HelpScoutStore;
  tagIndexLagMs: number;
  userId(request: EmulatorRequest): number;
  base(request: EmulatorRequest): string;
}

/** What a route accepts: its query parameters, body fields, whether it writes, and its largest body in bytes (default 100 kB). */
export type Guard = {query?: readonly string[]; body?: readonly string[]; write?: boolean; maxBytes?: number};

export function vndError(status: number, message: string, errors: Array<{path: string; message: string; source?: string; rejectedValue?: unknown}> = []): EmulatorReply {
  return {
    status,
    headers: {'content-type': 'application/vnd.error+json'},
    json: {
      logRef: randomUUID(),
      message,
      ...(errors.length ? {_embedded: {errors: errors.map((error) => ({source: 'JSON', ...error, _links: {about: {href: 'http://developer.helpscout.net/mailbox-api/overview/errors'}}}))}} : {}),
      _links: {about: {href: 'http://developer.helpscout.net/mailbox-api/overview/errors'}},
    },
  };
}

