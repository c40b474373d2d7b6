// Side models and inputs with known numbers, shared by the estimator's tests.
import type {ExecutionContext} from 'ava';
import type {EstimateInput, SideModel} from '../source/estimate/estimator.js';

export function source(overrides: Partial<SideModel> = {}): SideModel {
  return {
    platform: 'src',
    label: 'Src',
    tier: 'basic',
    tiers: {basic: {requestsPerMinute: 60}, pro: {requestsPerMinute: 120}},
    readCosts: {tickets: {pageSize: 100, callsPerPage: 1, callsPerRecord: 1, callsPerAttachment: 1}},
    writeCosts: {},
    ...overrides,
  };
}

export function target(overrides: Partial<SideModel> = {}): SideModel {
  return {
    platform: 'tgt',
    label: 'Tgt',
    tier: 'basic',
    tiers: {basic: {requestsPerMinute: 60, endpoints: {'tickets.create': 30}}, big: {requestsPerMinute: 240, endpoints: {'tickets.create': 120}}},
    readCosts: {},
    writeCosts: {tickets: {callsPerRecord: 1, callsPerComment: 1, callsPerAttachment: 0, endpoint: 'tickets.create'}, contacts: {callsPerRecord: 1, callsPerLookup: 1}},
    ...overrides,
  };
}

export function input(overrides: Partial<EstimateInput> = {}): EstimateInput {
  return {
    recordTypes: ['tickets'],
    options: {skipAttachments: false, skipInlineImages: false, matchExisting: true},
    counts: {tickets: 100},
    children: {comments: 3, attachments: 0.5, inlineImages: 0},
    source: source(),
    target: target(),
    ...overrides,
  };
}

export const near = (t: ExecutionContext, actual: number, expected: number, tolerance: number, what: string) =>
  t.true(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
