// Connect: source and target platforms, the fields each connector declares
// (secrets masked), a connection test that checks rights too, and saving the
// connection with or without its secrets.
import React, {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import {useConsole, useCapture, useLatest} from '../context.js';
import {useStore} from '../use-store.js';
import {allConnectors, findConnector} from '../../source/app/registry.js';
import type {Plan} from '../../source/plan/plan.js';
import type {EndpointDraft, Remember} from '../../source/app/console/intents.js';
import type {ConnectionCheck, Side} from '../../source/app/console/state.js';
import {useEditor} from '../editor.js';
import {FieldLine} from '../components/TextField.js';
import {ScrollArea} from '../components/ScrollArea.js';
import {useKeys, useListNav} from '../hooks.js';
import {commandOf, keyHints} from '../keymap.js';

export const CONNECT_HINTS = keyHints('connect');

const REMEMBER: Array<{id: Remember; label: string}> = [
  {id: 'session', label: 'for this session only (secrets in memory)'},
  {id: 'without-secret', label: 'remember the connection, not its secrets'},
  {id: 'with-secret', label: 'remember it with secrets (store readable only by you)'},
];

type Row = {kind: 'platform' | 'url' | 'tier' | 'auth'} | {kind: 'cred'; key: string; label: string; secret: boolean; placeholder?: string} | {kind: 'remember'};

export function draftFromPlan(plan: Plan | undefined, side: Side): EndpointDraft {
  const endpoint = plan?.[side];
  const connector = findConnector(endpoint?.platform ?? (side === 'source' ? 'zendesk' : 'freshdesk'))!;
  const values: Record<string, string> = {};
  for (const [key, source] of Object.entries(endpoint?.credentials ?? {})) if ('value' in source) values[key] = source.value;
  return {platform: connector.id, url: endpoint?.url ?? '', tier: endpoint?.tier ?? connector.defaultTier, authKind: endpoint?.authKind ?? connector.authKinds[0]!.id, values, secrets: {}};
}

function rowsFor(draft: EndpointDraft): Row[] {
  const connector = findConnector(draft.platform)!;
  const creds = connector.credentials
    .filter((spec) => !spec.authKinds || spec.authKinds.includes(draft.authKind))
    .map((spec): Row => ({kind: 'cred', key: spec.key, label: spec.label, secret: spec.secret, placeholder: spec.placeholder}));
  return [{kind: 'platform'}, {kind: 'url'}, {kind: 'tier'}, {kind: 'auth'}, ...creds, {kind: 'remember'}];
}

const cycle = <T,>(list: T[], current: T, by = 1): T => list[(list.indexOf(current) + by + list.length) % list.length]!;

export function ConnectScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const connection = useStore(store, (s) => s.connection);
  const [side, setSide] = useState<Side>('source');
  const [drafts, setDrafts] = useState<Record<Side, EndpointDraft>>(() => ({source: draftFromPlan(plan, 'source'), target: draftFromPlan(plan, 'target')}));
  // A plan that arrives after the screen opened (a folder opened, the demo started) fills the form.
  useEffect(() => {
    setDrafts({source: draftFromPlan(plan, 'source'), target: draftFromPlan(plan, 'target')});
  }, [plan?.source.platform, plan?.source.url, plan?.target.platform, plan?.target.url]);
  // Typed secrets are kept in the credential store (0600) by default: the next start needs no environment variable.
  const [remember, setRemember] = useState<Remember>('with-secret');
  const editor = useEditor();
  useCapture(editor.editing !== undefined);
  const rows = rowsFor(drafts[side]);
  // The form is one list (G, End, PgDn work); the scroll area keeps the cursor in view.
  const [nav, dispatch, handleKey] = useListNav(rows.length, rows.length);
  const cursor = nav.cursor;
  const latest = useLatest({drafts, side, cursor, remember});

  const connector = findConnector(drafts[side].platform)!;
  const setDraft = (which: Side, change: (draft: EndpointDraft) => EndpointDraft) => setDrafts((all) => ({...all, [which]: change(all[which])}));

  const editValue = (row: Row, draft: EndpointDraft): string => {
    if (row.kind === 'url') return draft.url;
    if (row.kind === 'cred') return row.secret ? draft.secrets[row.key] ?? '' : draft.values[row.key] ?? '';
    return '';
  };
  const commit = (which: Side, field: string, value: string) => {
    if (field === 'url') setDraft(which, (d) => ({...d, url: value.trim()}));
    else {
      const spec = findConnector(latest.current.drafts[which].platform)!.credentials.find((c) => c.key === field);
      if (spec?.secret) setDraft(which, (d) => ({...d, secrets: {...d.secrets, [field]: value}}));
      else setDraft(which, (d) => ({...d, values: {...d.values, [field]: value.trim()}}));
    }
  };

  useKeys((input, key) => {
    const {drafts: currentDrafts, side: currentSide, cursor: currentCursor} = latest.current;
    const currentRows = rowsFor(currentDrafts[currentSide]);
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action === 'cancel' || edit.action === 'edit') return;
      const spec = findConnector(currentDrafts[currentSide].platform)!.credentials.find((c) => c.key === edit.field);
      // A secret never holds a space: one typed or pasted with it is a copying slip, refused as typed.
      if (spec?.secret && /\s/.test(edit.value)) {
        editor.start(edit.field, edit.value);
        return `${spec.label} has a space in it: secrets have none. Fix it (Ctrl+U erases) or Esc to leave it as it was.`;
      }
      commit(currentSide, edit.field, edit.value);
      if (edit.action === 'next' || edit.action === 'prev') {
        const next = Math.min(currentRows.length - 1, Math.max(0, currentCursor + (edit.action === 'next' ? 1 : -1)));
        dispatch({type: 'select', index: next});
        const row = currentRows[next]!;
        if (row.kind === 'url') editor.start('url', editValue(row, currentDrafts[currentSide]));
        else if (row.kind === 'cred') editor.start(row.key, editValue(row, currentDrafts[currentSide]));
      }
      return;
    }
    if (handleKey(input, key)) return;
    const command = commandOf('connect', input, key);
    const checks = store.getState().connection;
    if (command === 'side') {
      setSide((s) => (s === 'source' ? 'target' : 'source'));
      dispatch({type: 'home'});
      return;
    }
    if (command === 'prevRow') return void dispatch({type: 'move', by: -1});
    if (command === 'nextRow') return void dispatch({type: 'move', by: 1});
    if (command === 'test' && checks[currentSide].state === 'testing') return `Testing the ${currentSide} already: the answer shows below.`;
    if (command === 'test') return void intents.testConnection(currentSide, currentDrafts[currentSide]);
    if (command === 'testBoth' && (checks.source.state === 'testing' || checks.target.state === 'testing')) return 'A test is going on already: the answer shows below.';
    if (command === 'testBoth') {
      void intents.testConnection('source', currentDrafts.source);
      void intents.testConnection('target', currentDrafts.target);
      return;
    }
    if (command === 'save') {
      void intents.saveConnection(currentDrafts, latest.current.remember).then((saved) => {
        if (saved) intents.go('records');
      });
      return;
    }
    if (command !== 'edit') return;
    const row = currentRows[currentCursor]!;
    const draft = currentDrafts[currentSide];
    const sourceOrTarget = allConnectors().filter((c) => c.roles.includes(currentSide));
    if (row.kind === 'platform') {
      const next = cycle(sourceOrTarget.map((c) => c.id), draft.platform);
      const nextConnector = findConnector(next)!;
      setDraft(currentSide, () => ({platform: next, url: '', tier: nextConnector.defaultTier, authKind: nextConnector.authKinds[0]!.id, values: {}, secrets: {}}));
    } else if (row.kind === 'tier') setDraft(currentSide, (d) => ({...d, tier: cycle(Object.keys(findConnector(d.platform)!.tiers), d.tier)}));
    else if (row.kind === 'auth') setDraft(currentSide, (d) => ({...d, authKind: cycle(findConnector(d.platform)!.authKinds.map((k) => k.id), d.authKind)}));
    else if (row.kind === 'remember') setRemember((r) => cycle(REMEMBER.map((x) => x.id), r));
    else if (row.kind === 'url') editor.start('url', editValue(row, draft));
    else if (row.kind === 'cred') editor.start(row.key, editValue(row, draft));
  });

  const draft = drafts[side];
  const labelWidth = 22;
  const savedSource = (key: string) => {
    const source = plan?.[side].platform === draft.platform ? plan?.[side].credentials[key] : undefined;
    if (!source) return undefined;
    if ('env' in source && source.env.startsWith('FERRY_DEMO_')) return "(the demo's, kept in its folder)"; // set by ensureDemoServices, never a real secret
    return 'store' in source ? '(saved in your credential store)' : 'env' in source ? `(from $${source.env} or typed here)` : undefined;
  };
  const lines = rows.map((row, index) => {
    const focused = index === cursor;
    const editing = editor.editing !== undefined && focused;
    switch (row.kind) {
      case 'platform':
        return <FieldLine key="p" label="Platform (Enter: next)" value={connector.label} labelWidth={labelWidth} width={size.columns} focused={focused} editing={false} />;
      case 'url':
        return <FieldLine key="u" label="URL" value={editing ? editor.draft : draft.url} placeholder={connector.baseUrlHint} labelWidth={labelWidth} width={size.columns} focused={focused} editing={editing} />;
      case 'tier':
        return <FieldLine key="t" label="Plan tier" value={`${draft.tier} (${tierLimit(connector.tiers[draft.tier]?.requestsPerMinute)})`} labelWidth={labelWidth} width={size.columns} focused={focused} editing={false} />;
      case 'auth':
        return <FieldLine key="a" label="Sign in with" value={connector.authKinds.find((k) => k.id === draft.authKind)?.label ?? draft.authKind} labelWidth={labelWidth} width={size.columns} focused={focused} editing={false} />;
      case 'cred': {
        const value = editing ? editor.draft : row.secret ? draft.secrets[row.key] ?? '' : draft.values[row.key] ?? '';
        return <FieldLine key={row.key} label={row.label} value={value} secret={row.secret} placeholder={row.secret ? savedSource(row.key) ?? '(type it; masked)' : row.placeholder} labelWidth={labelWidth} width={size.columns} focused={focused} editing={editing} />;
      }
      case 'remember':
        return <FieldLine key="r" label="Save" value={REMEMBER.find((r) => r.id === remember)!.label} labelWidth={labelWidth} width={size.columns} focused={focused} editing={false} />;
    }
  });
  return (
    // On the last row (Save) the window shows the end too: the test's answer under the form, which a short terminal would otherwise keep out of view.
    <ScrollArea height={bodyRows} focus={cursor === rows.length - 1 ? Number.MAX_SAFE_INTEGER : cursor + 1}>
      <Text>
        {(['source', 'target'] as const).map((s) => (
          <Text key={s} inverse={s === side} bold={s === side}>
            {s === side ? `[${s === 'source' ? 'Source' : 'Target'}]` : ` ${s === 'source' ? 'Source' : 'Target'} `}
            {'  '}
          </Text>
        ))}
        <Text dimColor> {checkLabel('source', checkOf(connection.source, drafts.source))} · {checkLabel('target', checkOf(connection.target, drafts.target))}</Text>
      </Text>
      {lines}
      <CheckDetails check={checkOf(connection[side], draft)} />
    </ScrollArea>
  );
}

/** A check of the platform the form shows; one of another platform (switched since) is stale. */
function checkOf(check: ConnectionCheck, draft: EndpointDraft): ConnectionCheck {
  return check.platform && check.platform !== draft.platform ? {state: 'untested', problems: []} : check;
}

/** A tier's limit as words: a self-hosted system has none. */
export function tierLimit(requestsPerMinute: number | undefined): string {
  if (requestsPerMinute === undefined) return 'limit unknown';
  return Number.isFinite(requestsPerMinute) ? `${requestsPerMinute} requests/min` : 'no limit';
}

function checkLabel(side: Side, check: ConnectionCheck): string {
  const mark = check.state === 'ok' ? '✓ ok' : check.state === 'failed' ? '✗ failed' : check.state === 'testing' ? '… testing' : 'untested';
  return `${side} ${mark}`;
}

function CheckDetails({check}: {check: ConnectionCheck}) {
  if (check.state === 'untested') return <Text dimColor>Press t to test this connection (rights are checked too).</Text>;
  if (check.state === 'testing') return <Text>Testing…</Text>;
  return (
    <Box flexDirection="column">
      {check.description ? (
        <Text wrap="wrap">
          {check.state === 'ok' ? '✓' : '✗'} Connected to {check.description}
        </Text>
      ) : null}
      {check.problems.map((problem, index) => (
        <Text key={index} color="red" wrap="wrap">
          ✗ {problem}
        </Text>
      ))}
      {check.state === 'ok' ? <Text dimColor>Rights look right. Press s to save and go on.</Text> : null}
    </Box>
  );
}
