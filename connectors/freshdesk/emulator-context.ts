// What the Freshdesk emulator's route files share: the store, the account's plan features,
// and how a request is checked (admin only, its budget endpoint, the parameters it accepts).
import type {EmulatorRequest} from '../shared/emulator-kit.js';
import type {FreshdeskStore} from './emulator-store.js';
import type {ParamSpec} from './emulator-params.js';

export type Guard = {admin?: boolean; endpoint?: string} & ParamSpec;

export interface EmulatorContext {
  store: FreshdeskStore;
  features: {searchLagMs: number; multipleCompanies: boolean; archive: boolean};
  base(request: EmulatorRequest): string;
  agentId(request: EmulatorRequest): number;
}

