// Advocate's API client for the referral import: the app is where connectors are loaded.
import {AdvocateClient} from '../../connectors/advocate/client.js';
import type {AdvocateImportApi, AdvocateSettings} from '../contracts/advocate.js';

export function openAdvocateClient(settings: AdvocateSettings, limits: {requestsPerMinute?: number} = {}): AdvocateImportApi {
  return new AdvocateClient(settings, limits);
}
