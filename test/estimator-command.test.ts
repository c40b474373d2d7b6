// `ferry estimate` against the emulators: counts from the source API, the live limit,
// recalibration after a demo run, tier overrides, and the Ink table.
import test from 'ava';
import React from 'react';
import {render} from 'ink-testing-library';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {startDemoEnvironment, type DemoEnvironment} from '../source/app/demo.js';
import {savePlan} from '../source/plan/plan.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {runMigration} from '../source/app/migration.js';
import {estimateCommand} from '../source/cli/estimate.js';
import {latestMeasurement} from '../source/estimate/plan-input.js';
import {UsageError} from '../source/cli/args.js';
import type {Estimate} from '../source/estimate/estimator.js';
import {EstimateTable} from '../views/estimate/EstimateTable.js';

const account = smallDemoAccount(12);

async function folder(): Promise<{dir: string; demo: DemoEnvironment; env: NodeJS.ProcessEnv}> {
  const demo = await startDemoEnvironment({account, rateLimit: {requestsPerMinute: 3000}, tier: {target: 'trial'}});
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-estimate-'));
  // Fast custom limits so the test does not wait on the presets.
  demo.plan.source.requestsPerMinute = 30_000;
  demo.plan.target.requestsPerMinute = 30_000;
  demo.plan.demo = {tickets: 5, articles: 3};
  savePlan(dir, demo.plan);
  return {dir, demo, env: {...process.env, ...demo.env}};
}

async function run(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{code: number; out: string; err: string}> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await estimateCommand(argv, {stdout, stderr, env, cwd});
  return {code, out, err};
}

test.serial('estimate: counts from the source, live limits, then recalibrated by a demo run', async (t) => {
  const {dir, demo, env} = await folder();
  t.teardown(() => demo.close());
  const first = await run(['--dir', dir, '--json'], env, '/');
  t.is(first.code, 0, first.err);
  const estimate = JSON.parse(first.out) as Estimate & {notes: string[]};
  const count = (type: string) => estimate.types.find((row) => row.type === type)?.records;
  t.is(count('tickets'), account.source.tickets.length);
  t.is(count('organizations'), account.source.organizations.length);
  t.is(count('kb_articles'), account.source.kbArticles.length);
  t.true(estimate.durationMs > 0);
  t.true(estimate.calls.target > account.source.tickets.length, 'at least one call per ticket on the target');
  // The emulators report their limit (3000/min), below the custom 30000: the live one is used.
  t.is(estimate.limits.source.origin, 'live');
  t.is(estimate.limits.source.requestsPerMinute, 3000);
  t.is(estimate.calibration, undefined);

  const result = await runMigration({dir, mode: 'demo', env});
  t.is(result.status, 'finished', result.message);
  const second = await run(['--dir', dir, '--json'], env, '/');
  const calibrated = JSON.parse(second.out) as Estimate;
  t.is(calibrated.calibration?.runId, result.runId);
  t.is(calibrated.calibration?.mode, 'demo');
  t.truthy(calibrated.calibration?.callFactors.tickets?.target);
  // The demo's journal tells how the people its tickets pulled in came out (their calls are not the tickets').
  const measured = latestMeasurement(dir)!;
  const contacts = measured.outcomes?.contacts;
  t.truthy(contacts);
  t.is(contacts!.created + contacts!.linked + contacts!.notWritten, measured.records.contacts ?? 0);

  const text = await run(['--dir', dir], env, '/');
  t.regex(text.out, /Bottleneck: /);
  t.regex(text.out, /Recalibrated from demo run/);
  t.regex(text.out, /Tickets\s+12\s/);
});

test.serial('estimate: tier and limit overrides, and bad ones are usage errors', async (t) => {
  const {dir, demo, env} = await folder();
  t.teardown(() => demo.close());
  const slow = JSON.parse((await run(['--dir', dir, '--json', '--target-rpm', '20'], env, '/')).out) as Estimate;
  t.is(slow.limits.target.requestsPerMinute, 20);
  t.is(slow.limits.target.origin, 'custom');
  t.is(slow.bottleneck.side, 'target');
  const fast = JSON.parse((await run(['--dir', dir, '--json', '--target-rpm', '2000'], env, '/')).out) as Estimate;
  t.true(fast.durationMs < slow.durationMs / 5);
  await t.throwsAsync(run(['--dir', dir, '--source-tier', 'platinum'], env, '/'), {instanceOf: UsageError, message: /not a Zendesk plan; use one of/});
  await t.throwsAsync(run(['--dir', dir, '--target-rpm', 'lots'], env, '/'), {instanceOf: UsageError, message: /positive number/});
});

test('EstimateTable: a row and a bar per record type, the bottleneck and what would change it', (t) => {
  const estimate: Estimate = {
    types: [
      {type: 'contacts', records: 30, calls: {source: 2, target: 60}, durationMs: 60_000, bottleneck: {side: 'target', kind: 'account', requestsPerMinute: 60, description: 'Freshdesk target: 60/min for the account'}},
      {type: 'tickets', records: 300, calls: {source: 600, target: 1200}, durationMs: 1_200_000, bottleneck: {side: 'target', kind: 'account', requestsPerMinute: 60, description: 'Freshdesk target: 60/min for the account'}},
    ],
    setup: {calls: {source: 5, target: 5}, durationMs: 4000},
    calls: {source: 607, target: 1265},
    durationMs: 1_264_000,
    limits: {source: {requestsPerMinute: 400, origin: 'live', note: '400/min, the limit Zendesk reported'}, target: {requestsPerMinute: 60, origin: 'preset', note: '60/min, the trial preset'}},
    bottleneck: {side: 'target', kind: 'account', requestsPerMinute: 60, description: 'Freshdesk target: 60/min for the account'},
    whatIf: [{change: 'Freshdesk target on the growth plan (200/min)', durationMs: 400_000, deltaMs: -864_000, calls: {source: 607, target: 1265}}],
  };
  const {lastFrame} = render(React.createElement(EstimateTable, {estimate, sourceLabel: 'Zendesk', targetLabel: 'Freshdesk', barWidth: 20}));
  const frame = lastFrame() ?? '';
  t.regex(frame, /About 21 min from Zendesk to Freshdesk/);
  const ticketsLine = frame.split('\n').find((line) => line.startsWith('Tickets'))!;
  const contactsLine = frame.split('\n').find((line) => line.startsWith('Contacts'))!;
  t.is((ticketsLine.match(/█/g) ?? []).length, 20);
  t.is((contactsLine.match(/█/g) ?? []).length, 1);
  t.regex(frame, /Bottleneck: Freshdesk target: 60\/min for the account/);
  t.regex(frame, /growth plan \(200\/min\): 7 min/);
  t.regex(frame, /Not calibrated/);
});
