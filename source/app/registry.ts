// The platforms ferry knows, by id. Adding a platform means adding its folder
// under connectors/ and one line here.
import type {Connector, EmulatorOptions, RunningEmulator} from '../contracts/connector.js';
import {registerPlatforms} from '../plan/plan.js';
import {zendeskConnector} from '../../connectors/zendesk/index.js';
import {freshdeskConnector} from '../../connectors/freshdesk/index.js';
import {requestTrackerConnector} from '../../connectors/request-tracker/index.js';
import {helpScoutConnector} from '../../connectors/helpscout/index.js';
import {freshserviceConnector} from '../../connectors/freshservice/index.js';
import {intercomConnector} from '../../connectors/intercom/index.js';
import {startZendeskEmulator} from '../../connectors/zendesk/emulator.js';
import {startFreshdeskEmulator} from '../../connectors/freshdesk/emulator.js';
import {startHelpScoutEmulator} from '../../connectors/helpscout/emulator.js';
import {startFreshserviceEmulator} from '../../connectors/freshservice/emulator.js';
import {frontConnector} from '../../connectors/front/index.js';
import {startFrontEmulator} from '../../connectors/front/emulator.js';
import {startIntercomEmulator} from '../../connectors/intercom/emulator.js';

const CONNECTORS: Connector[] = [zendeskConnector, freshdeskConnector, requestTrackerConnector, helpScoutConnector, freshserviceConnector, frontConnector, intercomConnector];

/** Each platform's emulator, paired here so a connector never loads its own. */
const EMULATORS: Record<string, (options: EmulatorOptions) => Promise<RunningEmulator>> = {
  zendesk: startZendeskEmulator,
  freshdesk: startFreshdeskEmulator,
  helpscout: startHelpScoutEmulator,
  freshservice: startFreshserviceEmulator,
  front: startFrontEmulator,
  intercom: startIntercomEmulator,
};

/** Starts the platform's emulator on loopback, or says why there is none and what to use instead. */
export function startEmulator(platform: string, options: EmulatorOptions): Promise<RunningEmulator> {
  const start = EMULATORS[platform];
  if (!start) return Promise.reject(new Error(findConnector(platform)?.noEmulator ?? `${platform} has no emulator.`));
  return start(options);
}

/** The platforms that have an emulator (the demo's account can live in any of them). */
export function emulatedPlatforms(): string[] {
  return Object.keys(EMULATORS);
}

export function findConnector(id: string): Connector | undefined {
  return CONNECTORS.find((connector) => connector.id === id);
}

export function connectorIds(): string[] {
  return CONNECTORS.map((connector) => connector.id);
}

export function allConnectors(): readonly Connector[] {
  return CONNECTORS;
}

registerPlatforms({find: findConnector, ids: connectorIds});
