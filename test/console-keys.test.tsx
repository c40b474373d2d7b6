// The console's keys come from one table (views/keymap.ts): no screen checks a raw
// key itself, every list answers G/End/PgDn/PgUp/g/Home, `?` lists the current
// screen's keys first, and a key that does nothing in the current state says why.
import test from 'ava';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {KEYS, demoPlan, renderConsole, waitFor} from './console-helpers.js';
import {commandOf, helpRows, KEYMAP, KEY_AREA_TITLES, SCREEN_SHARED, type KeyArea, type KeyInfo} from '../views/keymap.js';
import {SCREENS, type ConsoleState, type FieldsData} from '../source/app/console/state.js';
import {buildChecklist} from '../source/prepare/checklist.js';
import {RECORD_TYPES, RECORD_TYPE_LABELS} from '../source/contracts/model.js';
import type {JournalRecord} from '../source/engine/journal.js';

const views = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../views');
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? filesUnder(path.join(dir, name)) : [path.join(dir, name)]));
const flat = (frame: string) => frame.replace(/\n\s*/g, ' ');
const REFERRAL_AREAS: string[] = [];

const NOT_YET_ON_THE_KEY_MAP: string[] = [];

test('no view checks a raw key or hand-rolls a list cursor: keys come from the key map, lists from list-nav', (t) => {
  const rawKey = /\binput\s*[!=]==?|\bkey\.(upArrow|downArrow|leftArrow|rightArrow|pageUp|pageDown|home|end|return|escape|tab|shift|ctrl|meta|backspace|delete)\b/;
  const handRolledCursor = /\bsetCursor\b|\[cursor,/;
  const offenders: string[] = [];
  const checked: string[] = [];
  for (const file of filesUnder(views).filter((f) => /\.tsx?$/.test(f))) {
    const name = path.relative(views, file).split(path.sep).join('/');
    if (name === 'keymap.ts' || name === 'keys.ts' || NOT_YET_ON_THE_KEY_MAP.some((prefix) => name.startsWith(prefix))) continue;
    checked.push(name);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (rawKey.test(line) || handRolledCursor.test(line)) offenders.push(`${name}:${index + 1}: ${line.trim()}`);
      });
  }
  t.true(checked.includes('App.tsx') && checked.includes('screens/Connect.tsx') && checked.includes('components/Picker.tsx'), checked.join(' '));
  t.deepEqual(offenders, []);
});

test('every key of the console, the referral wizard included, has a matcher in the table, and no two commands of a screen share a key', (t) => {
  for (const [area, bindings] of Object.entries(KEYMAP)) {
    if (REFERRAL_AREAS.includes(area)) continue;
    for (const binding of bindings) t.truthy(binding.match, `${area}.${binding.command} has no matcher`);
  }
  // Every key a terminal sends that a screen might read.
  const samples: Array<[string, KeyInfo]> = [
    ...Array.from({length: 95}, (_, i): [string, KeyInfo] => [String.fromCharCode(32 + i), {}]),
    ...['b', 'f', 'u'].map((c): [string, KeyInfo] => [c, {ctrl: true}]),
    ...(['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageUp', 'pageDown', 'home', 'end', 'return', 'escape', 'tab', 'backspace', 'delete'] as const).map((k): [string, KeyInfo] => ['', {[k]: true}]),
    ['', {tab: true, shift: true}],
  ];
  for (const screen of SCREENS) {
    // Lists and the global keys are live together with the screen's own (text fields, choices and questions take over the keyboard).
    for (const [input, key] of samples) {
      const hits = ([screen, 'lists', 'everywhere'] as KeyArea[]).flatMap((area) => (commandOf(area, input, key) ? [`${area}.${commandOf(area, input, key)}`] : []));
      t.true(hits.length <= 1, `${screen}: ${JSON.stringify([input, key])} means ${hits.join(' and ')}`);
    }
  }
});

test('? lists the current screen\'s keys first, then the shared keys it uses, then everywhere, then the rest', (t) => {
  for (const screen of SCREENS) {
    const rows = helpRows(screen);
    const areas = [screen, ...SCREEN_SHARED[screen], 'everywhere'] as KeyArea[];
    const expected = areas.flatMap((area) => KEYMAP[area].map((binding) => ({area: KEY_AREA_TITLES[area], keys: binding.keys, does: binding.does})));
    t.deepEqual(rows.slice(0, expected.length), expected, screen);
    t.is(rows.length, Object.values(KEYMAP).reduce((n, list) => n + list.length, 0));
  }
});

// ---- every list: G/End/PgDn/PgUp/g/Home, on each screen

const person = (id: string, name: string, email: string) => ({id, name, email, role: 'agent' as const, active: true, createdAt: '', updatedAt: ''});
const field = (id: string, title: string, type: 'text' | 'dropdown' | 'checkbox', required = false) => ({id, title, key: title.toLowerCase(), type, required, active: true, createdAt: '', updatedAt: ''});

function agentsState(count: number): Partial<ConsoleState> {
  const matches = Array.from({length: count}, (_, i) => ({sourceId: String(i), sourceEmail: `a${i}@x.test`, sourceName: `Agent${String(i).padStart(2, '0')}`, targetId: `t${i}`, targetEmail: `a${i}@x.test`, how: 'email' as const}));
  return {screen: 'agents', plan: demoPlan(), dir: '/tmp/x', agents: {state: 'ready', value: {matches, targetAgents: [person('t1', 'Ann', 'a1@x.test')]}}};
}

function fieldsData(): FieldsData {
  return {
    sourceFields: Array.from({length: 12}, (_, i) => field(`s${i}`, `Field${String(i).padStart(2, '0')}`, 'text')),
    targetFields: [field('t1', 'Region', 'text', true)],
    sourceGroups: [{id: 'g1', name: 'Billing', createdAt: '', updatedAt: ''}, {id: 'g2', name: 'Zeta group', createdAt: '', updatedAt: ''}],
    targetGroups: [],
  };
}

function failedRecord(id: string, reason = 'timeout'): JournalRecord {
  return {type: 'tickets', sourceId: id, status: 'failed', reason, attempts: 2, targetId: null, label: `#${id}`, matchKey: null, sourceUpdatedAt: null, needsRefill: false, firstRunId: 1, lastRunId: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z'};
}

const plan = demoPlan();
const checklist = buildChecklist(plan, {unmatchedAgents: [], requiredTargetFieldsWithoutValue: []}, {});
const findings = Array.from({length: 20}, (_, i) => ({kind: 'duplicate' as const, records: [`contacts:${i}`], message: `finding ${String(i).padStart(2, '0')}`}));

const LISTS: Array<{screen: string; state: Partial<ConsoleState>; size?: {columns: number; rows: number}; first: RegExp; last: RegExp; paged: RegExp}> = [
  {screen: 'Start', state: {}, first: /› Try the demo/, last: /› Start a fresh demo/, paged: /› Start a fresh demo/},
  {screen: 'Connect', state: {screen: 'connect', plan, dir: '/tmp/x'}, first: /› Platform/, last: /› Save/, paged: /› Save/},
  {screen: 'Records', state: {screen: 'records', plan, dir: '/tmp/x', counts: {state: 'ready', value: {}}}, first: new RegExp(`› \\[.\\] ${RECORD_TYPE_LABELS[RECORD_TYPES[0]!]}`), last: /› Demo tries tickets/, paged: /› (\[.\] Only contacts|Demo tries tickets)/},
  {screen: 'Agents', state: agentsState(40), first: /› Agent00/, last: /› Agent39/, paged: /› Agent(0[5-9]|1\d)/},
  {screen: 'Fields', state: {screen: 'fields', plan, dir: '/tmp/x', fields: {state: 'ready', value: fieldsData()}}, first: /› — Ticket fields —/, last: /› Zeta group/, paged: /› (Field|— Req|Region)/},
  {screen: 'Options', state: {screen: 'options', plan, dir: '/tmp/x'}, first: /› Tag migrated tickets/, last: /› Fallback requester/, paged: /› Fallback requester/},
  {screen: 'Prepare', state: {screen: 'prepare', plan, dir: '/tmp/x', checklist, audit: {state: 'ready', value: findings}}, first: new RegExp(`› \\[.\\]\\s+${checklist[0]!.text.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), last: /› \s+Duplicates: finding 19/, paged: /› /},
  {screen: 'Failures', state: {screen: 'failures', plan, dir: '/tmp/x', failures: {state: 'ready', value: Array.from({length: 50}, (_, i) => failedRecord(String(1000 + i)))}}, first: /› tickets\s+1000 /, last: /› tickets\s+1049 /, paged: /› tickets\s+10(0[5-9]|[1-4]\d) /},
];

for (const list of LISTS) {
  test.serial(`${list.screen}: End, Home, G, g, PgDn and PgUp move the cursor`, async (t) => {
    const {frame, press, app} = renderConsole(list.state, list.size);
    t.teardown(() => app.unmount());
    await waitFor(() => list.first.test(frame()), frame);
    await press(KEYS.end, (f) => list.last.test(f));
    await press(KEYS.home, (f) => list.first.test(f));
    await press('G', (f) => list.last.test(f));
    await press('g', (f) => list.first.test(f));
    await press(KEYS.pageDown, (f) => !list.first.test(f) && list.paged.test(f));
    await press(KEYS.pageUp, (f) => list.first.test(f));
    t.pass();
  });
}

test.serial('a choice list (Agents, Enter): End, Home, G, g, PgDn and PgUp move the cursor', async (t) => {
  const targets = Array.from({length: 40}, (_, i) => person(`t${i}`, `Target${String(i).padStart(2, '0')}`, `t${i}@x.test`));
  const state = agentsState(2);
  if (state.agents?.state === 'ready') state.agents.value.targetAgents = targets;
  const {frame, press, app} = renderConsole(state);
  t.teardown(() => app.unmount());
  await waitFor(() => frame().includes('› Agent00'), frame);
  await press(KEYS.enter, (f) => f.includes('Target agent for Agent00'));
  await waitFor(() => /› Target00/.test(frame()), frame);
  await press(KEYS.end, (f) => /› Target39/.test(f));
  await press('g', (f) => /› Target00/.test(f));
  await press('G', (f) => /› Target39/.test(f));
  await press(KEYS.home, (f) => /› Target00/.test(f));
  await press(KEYS.pageDown, (f) => /› Target(0[5-9]|1\d)/.test(f));
  await press(KEYS.pageUp, (f) => /› Target00/.test(f));
  await press(KEYS.escape, (f) => f.includes('› Agent00'));
  t.pass();
});

test.serial('a screen taller than the terminal (Estimate at 60x16 with its notes) scrolls with G, g, PgDn and PgUp', async (t) => {
  const {estimate} = await import('../source/estimate/estimator.js');
  const {input} = await import('./estimator-fixtures.js');
  const value = {estimate: estimate(input()), notes: ['sampled 100 tickets', 'the last note']};
  const {frame, press, app} = renderConsole({screen: 'estimate', plan, dir: '/tmp/x', estimate: {state: 'ready', value}}, {columns: 60, rows: 16});
  t.teardown(() => app.unmount());
  await waitFor(() => frame().includes('more below'), frame);
  await press('G', (f) => f.includes('the last note'));
  await press('g', (f) => !f.includes('the last note') && f.includes('About'));
  await press(KEYS.end, (f) => f.includes('the last note'));
  await press(KEYS.home, (f) => f.includes('About'));
  await press(KEYS.pageDown, (f) => !f.includes('About'));
  await press(KEYS.pageUp, (f) => f.includes('About'));
  t.pass();
});

// ---- keys that do nothing now say why, in the footer, until the next key

test.serial('keys that do nothing say why in the footer, and the next key clears it', async (t) => {
  const footer = (frame: string) => frame.split('\n').slice(-4).join(' ');
  // A key is a [key, what shows once it acted] pair when the next key depends on it.
  const cases: Array<{state: Partial<ConsoleState>; ready: RegExp; keys: Array<string | [string, RegExp]>; why: RegExp}> = [
    {state: agentsState(2), ready: /› Agent00/, keys: ['x'], why: /Agent00 is not matched by hand: nothing to clear/},
    {state: {...agentsState(0)}, ready: /0 source agents/, keys: [KEYS.enter], why: /No source agent: the list is empty/},
    {state: {...agentsState(2), agents: {state: 'ready', value: {matches: [], targetAgents: []}}}, ready: /0 source agents/, keys: ['b'], why: /The target has no agents to choose from/},
    {state: {screen: 'fields', plan, dir: '/tmp/x', fields: {state: 'ready', value: fieldsData()}}, ready: /Ticket fields/, keys: [['g', /› — Ticket fields —/], KEYS.enter], why: /A heading: move to a row below it/},
    {state: {screen: 'fields', plan, dir: '/tmp/x', fields: {state: 'ready', value: fieldsData()}}, ready: /Ticket fields/, keys: [['g', /› — Ticket fields —/], ['j', /› Field00/], 'x'], why: /Nothing is set by hand on this row/},
    {state: {screen: 'prepare', plan, dir: '/tmp/x', checklist, audit: {state: 'ready', value: findings}}, ready: /Checklist/, keys: [['G', /› \s+Duplicates: finding 19/], KEYS.space], why: /An audit finding: fix it in the source/},
    {state: {screen: 'prepare', plan, dir: '/tmp/x', checklist, audit: {state: 'loading'}}, ready: /audit running/, keys: ['a'], why: /The audit is running already/},
    {state: {screen: 'records', plan, dir: '/tmp/x', counts: {state: 'loading'}}, ready: /Record type/, keys: ['r'], why: /Counting already/},
    {state: {screen: 'estimate', plan, dir: '/tmp/x', estimate: {state: 'loading'}}, ready: /Estimating/, keys: ['r'], why: /Estimating already/},
    {state: {screen: 'results', plan, dir: '/tmp/x'}, ready: /No run yet/, keys: ['w'], why: /No run yet in this folder: nothing to report/},
    {state: {screen: 'failures', plan, dir: '/tmp/x', failures: {state: 'ready', value: []}}, ready: /No failed records/, keys: [KEYS.enter], why: /The list is empty/},
    {state: {screen: 'failures', plan, dir: '/tmp/x', failures: {state: 'ready', value: []}}, ready: /No failed records/, keys: ['r'], why: /No record to act on/},
    {state: {screen: 'run', plan, dir: '/tmp/x'}, ready: /No run yet/, keys: ['p'], why: /No run is going on: nothing to pause/},
    {state: {screen: 'connect', plan, dir: '/tmp/x', connection: {source: {state: 'testing', problems: []}, target: {state: 'untested', problems: []}}}, ready: /\[Source\]/, keys: ['t'], why: /Testing the source already/},
    {state: {screen: 'options', dir: '/tmp/x'}, ready: /Connect a source/, keys: [KEYS.space], why: /Connect a source and a target first/},
  ];
  for (const {state, ready, keys, why} of cases) {
    const {frame, press, app, calls} = renderConsole(state);
    await waitFor(() => ready.test(frame()), frame);
    for (const key of keys) await (typeof key === 'string' ? press(key) : press(key[0], (f) => key[1].test(f)));
    await waitFor(() => why.test(flat(footer(frame()))), frame, {timeoutMs: 60_000});
    const acted = calls.filter(([name]) => !['go', 'loadFailures', 'loadCounts', 'loadAgents', 'loadFields', 'loadEstimate', 'refreshChecklist'].includes(name));
    t.deepEqual(acted, [], `${why}: nothing is done`);
    t.true(frame().split('\n').length <= 24, frame());
    // The next key (a list move) takes the message away.
    await press('k', (f) => !why.test(flat(footer(f))));
    app.unmount();
  }
});

test.serial('a long reason wraps in the footer at 60x16 instead of being cut, and the frame still fits', async (t) => {
  const {frame, press} = renderConsole({screen: 'run', plan, dir: '/tmp/x', run: {alive: false, runCounts: {}, overall: {}, deltaReady: false}}, {columns: 60, rows: 16});
  await waitFor(() => frame().includes('No run yet'), frame);
  await press('m', (f) => f.includes('[full]'));
  await press('m', (f) => f.includes('[delta]'));
  await press('s', (f) => flat(f).includes('then delta runs pick up what changed since it started.'));
  t.true(frame().split('\n').length <= 16, frame());
  t.true(Math.max(...frame().split('\n').map((l) => [...l].length)) <= 60, frame());
  t.regex(frame().split('\n').at(-1)!, /q quit/);
});

test.serial('? on every screen opens on that screen\'s own keys, from the table', async (t) => {
  for (const screen of SCREENS) {
    const {frame, press, app} = renderConsole({screen, plan, dir: '/tmp/x'});
    await waitFor(() => frame().includes('q quit'), frame);
    await press('?', (f) => f.includes(`Keys: ${KEY_AREA_TITLES[screen]} first`));
    const first = KEYMAP[screen][0]!;
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    t.regex(frame(), new RegExp(`› ${escape(first.keys)}\\s+${escape(KEY_AREA_TITLES[screen])}\\s+${escape(first.does)}`), screen);
    app.unmount();
  }
});
