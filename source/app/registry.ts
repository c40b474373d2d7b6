// The platforms ferry knows, by id. Adding a platform means adding its folder
// under connectors/ and one line here.
import type {Connector} from '../contracts/connector.js';
import {registerPlatforms} from '../plan/plan.js';
import {zendeskConnector} from '../../connectors/zendesk/index.js';
import {freshdeskConnector} from '../../connectors/freshdesk/index.js';
import {requestTrackerConnector} from '../../connectors/request-tracker/index.js';

const CONNECTORS: Connector[] = [zendeskConnector, freshdeskConnector, requestTrackerConnector];

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
