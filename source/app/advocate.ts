// Advocate's API client and emulator for the referral import: the app is where connectors are loaded.
import {randomBytes} from 'node:crypto';
import {AdvocateClient} from '../../connectors/advocate/client.js';
import {startAdvocateEmulator} from '../../connectors/advocate/emulator.js';
import type {AdvocateImportApi, AdvocateSettings} from '../contracts/advocate.js';

export function openAdvocateClient(settings: AdvocateSettings, limits: {requestsPerMinute?: number} = {}): AdvocateImportApi {
  return new AdvocateClient(settings, limits);
}

export interface ServedAdvocate {
  url: string;
  tenant: string;
  apiKey: string;
  close(): Promise<void>;
}

/**
 * The Advocate emulator for `ferry emulate advocate`: its jobs run on a timer in this process,
 * so a job keeps running after the client that created it is gone (killed, disconnected).
 */
export async function serveAdvocateEmulator(options: {port?: number; tenant?: string; apiKey?: string; rowsPerSecond?: number}): Promise<ServedAdvocate> {
  const tenant = options.tenant ?? 'test_ferry';
  const apiKey = options.apiKey ?? 'emulator-' + randomBytes(8).toString('hex');
  const tickMs = 50;
  const rowsPerTick = Math.max(1, Math.round(((options.rowsPerSecond ?? 10_000) * tickMs) / 1000));
  const emulator = await startAdvocateEmulator({tenant, apiKey, port: options.port, tickMs, rowsPerTick});
  return {url: emulator.url, tenant, apiKey, close: () => emulator.close()};
}
