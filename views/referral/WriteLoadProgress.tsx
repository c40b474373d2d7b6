// Steps 4-5: writing the Advocate files, then (optionally) loading them: each job's
// live progress, then Advocate's own error rows beside the local error count.
import React, {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import type {FileSummary, OutputFile, Progress} from '../../source/referral/engine.js';
import type {LoadedFile, LoadProgress} from '../../source/referral/load.js';
import {fit} from '../components/Table.js';
import {ScrollArea} from '../components/ScrollArea.js';
import {advise} from '../../source/referral/advice.js';
import {wizardKey} from './common-keys.js';
import {commandOf, keyLine} from '../keymap.js';
import {useEditor} from '../editor.js';
import {useListNav} from '../hooks.js';
import {FieldLine} from '../components/TextField.js';
import type {AdvocateTarget, WritePhase} from '../../source/app/console/referral-state.js';
import type {TypedAdvocate} from '../../source/app/console/intents-referral.js';

export type {WritePhase} from '../../source/app/console/referral-state.js';

export interface WriteLoadProgressProps {
  phase: WritePhase;
  progress?: Progress;
  files: FileSummary[];
  outputs: OutputFile[];
  reportPath?: string;
  /** Whether a load target is configured (tenant and API key) */
  canLoad: boolean;
  /** The Advocate account loads go to (never its key) */
  advocate?: AdvocateTarget;
  /** Why the account typed last was not taken */
  advocateProblem?: string;
  /** Takes a typed account; false when it cannot be used (the reason comes as advocateProblem) */
  onAccount?(typed: TypedAdvocate): boolean;
  /** Whether the account form is open (kept in the store) */
  accountOpen?: boolean;
  onAccountForm?(open: boolean): void;
  jobs: LoadProgress[];
  loaded: LoadedFile[];
  error?: string;
  onLoad(): void;
  onDone(): void;
  onBack(): void;
  onHelp?(): void;
  /** Rows the step may use: taller results scroll with the list keys */
  height?: number;
}

/** Advocate's error rows shown per file (the rest: "… and N more"). */
const ERROR_ROWS_SHOWN = 100;

const bar = (done: number, total: number, width = 24) => {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
};

const KEY_FROM: Record<AdvocateTarget['keyFrom'], string> = {environment: 'from FERRY_ADVOCATE_API_KEY', store: 'in the credential store', session: 'for this session only'};

/** "tenant at URL (API key ••••, in the credential store)": never the key itself. */
export const advocateLabel = (advocate: AdvocateTarget) => `${advocate.tenant}${advocate.url ? ` at ${advocate.url}` : ''} (API key ••••, ${KEY_FROM[advocate.keyFrom]})`;

const ACCOUNT_ROWS = ['tenant', 'url', 'apiKey', 'remember', 'take'] as const;
const ACCOUNT_LABEL = {tenant: 'Tenant', url: 'URL', apiKey: 'API key'} as const;

export function WriteLoadProgress(props: WriteLoadProgressProps) {
  const {phase, progress, files, outputs, jobs, loaded, error} = props;
  const [why, setWhy] = useState<string | undefined>();
  const busy = phase === 'writing' || phase === 'loading';
  // The Advocate account form (a): the key is typed masked and leaves this form only to the intents.
  const [draft, setAccount] = useState<{tenant: string; url: string; apiKey: string; remember: boolean} | undefined>();
  // Open while the store says so (the console's footer shows the form's keys then).
  const account = props.accountOpen ? draft : undefined;
  const openAccount = (form: typeof draft) => {
    setAccount(form);
    props.onAccountForm?.(form !== undefined);
  };
  const [accountNav, , accountList] = useListNav(ACCOUNT_ROWS.length, ACCOUNT_ROWS.length);
  const editor = useEditor();
  const accountKeys = (input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
    const form = account!;
    const edit = editor.handle(input, key);
    if (edit) {
      if (edit.action === 'commit' || edit.action === 'next' || edit.action === 'prev') {
        const value = edit.field === 'apiKey' ? edit.value.trim() : edit.value;
        if (edit.field === 'apiKey' && /\s/.test(value)) return setWhy('The API key has a space in it: keys have none. Type it again.');
        setAccount({...form, [edit.field]: value});
      }
      return setWhy(undefined);
    }
    if (editor.current() !== undefined) return;
    if (accountList(input, key)) return setWhy(undefined);
    const row = ACCOUNT_ROWS[accountNav.cursor]!;
    switch (commandOf('referral-account', input, key)) {
      case 'close':
        openAccount(undefined);
        return setWhy(undefined);
      case 'remember':
        return setAccount({...form, remember: !form.remember});
      case 'edit':
        if (row === 'remember') return setAccount({...form, remember: !form.remember});
        if (row === 'take') {
          if (!props.onAccount?.({tenant: form.tenant, url: form.url || undefined, apiKey: form.apiKey, remember: form.remember})) return setWhy(undefined);
          openAccount(undefined);
          return setWhy(undefined);
        }
        return editor.start(row, form[row]);
      default:
        return undefined;
    }
  };
  useInput((input, key) => {
    if (account) return accountKeys(input, key);
    if (wizardKey(input, key, props.onHelp, setWhy)) return;
    const reason = ((): string | void => {
      switch (commandOf('referral-write', input, key)) {
        case 'load':
          if (!props.canLoad) return `no Advocate tenant to load into: ${advise('loadTarget', 'console')}`;
          if (phase === 'writing') return 'the files are still being written: l works when they are done';
          if (phase === 'loading') return 'already loading';
          if (phase === 'loaded') return 'loaded: a later load of this folder sends only the rows Advocate has not loaded (load-journal.sqlite)';
          if (phase === 'failed') return 'nothing to load: the write stopped (see above); Esc goes back to fix it';
          return props.onLoad();
        case 'account':
          if (!props.onAccount) return 'no Advocate account can be typed here';
          if (phase === 'loading') return 'loading: a changes when the load is done';
          return openAccount({tenant: props.advocate?.tenant ?? '', url: props.advocate?.url ?? '', apiKey: '', remember: true});
        case 'done':
          return busy ? `${phase === 'writing' ? 'writing' : 'loading'}: Enter works when it is done` : props.onDone();
        case 'back':
          return busy ? `${phase === 'writing' ? 'writing' : 'loading'}: Esc works when it is done` : props.onBack();
        default:
          return undefined;
      }
    })();
    setWhy(reason || undefined);
  });
  const latestJob = new Map(jobs.map((job) => [job.file, job]));
  if (account) {
    const width = 80;
    return (
      <Box flexDirection="column">
        <Text bold>Advocate account to load into</Text>
        <Text dimColor wrap="wrap">
          The key is kept in the credential store (readable only by you) or for this session only; never in the output folder or a log. FERRY_ADVOCATE_TENANT, _API_KEY and _URL are used when nothing is typed here.
        </Text>
        {(['tenant', 'url', 'apiKey'] as const).map((row, index) => (
          <FieldLine key={row} label={ACCOUNT_LABEL[row]} value={editor.editing === row ? editor.draft : account[row]} secret={row === 'apiKey'} placeholder={row === 'url' ? "(Advocate's own; an emulator's http://127.0.0.1:PORT)" : row === 'apiKey' ? '(type it; masked)' : ''} labelWidth={9} width={width} focused={accountNav.cursor === index} editing={editor.editing === row} />
        ))}
        <Text inverse={accountNav.cursor === 3} wrap="wrap">
          {accountNav.cursor === 3 ? '›' : ' '} [{account.remember ? 'x' : ' '}] keep the key in the credential store (0600){account.remember ? '' : ': for this session only'}
        </Text>
        <Text inverse={accountNav.cursor === 4}>{accountNav.cursor === 4 ? '›' : ' '} Use this account</Text>
        {props.advocateProblem ? <Text color="red" wrap="wrap">{props.advocateProblem}</Text> : null}
        {why ? <Text color="yellow" wrap="wrap">{why}</Text> : null}
        <Text dimColor wrap="wrap">
          ↑↓ row · {editor.editing !== undefined ? keyLine('editing', ['done', 'cancel', 'clear']) : keyLine('referral-account')}
        </Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {/* Long results (many files, Advocate's error rows) scroll with ↑↓ PgUp PgDn g G instead of being cut. */}
      <ScrollArea height={Math.max(3, (props.height ?? 30) - 3 - (why ? 1 : 0) - (error ? 1 : 0))}>
        <Text bold>{phase === 'writing' ? 'Writing Advocate files…' : phase === 'loading' ? 'Loading into Advocate…' : phase === 'failed' ? 'Stopped' : 'Advocate files'}</Text>
        {phase === 'writing' && progress ? (
          <Text>
            {progress.kind}: {progress.rowsRead.toLocaleString('en-US')} rows · {progress.valid.toLocaleString('en-US')} written · <Text color={progress.invalid ? 'red' : undefined}>{progress.invalid.toLocaleString('en-US')} in the error report</Text>
          </Text>
        ) : null}
        {files.map((file) => (
          <Text key={file.kind} color={file.status === 'stopped' ? 'red' : undefined} wrap="wrap">
            {fit(file.kind, 10)} {file.status === 'stopped' ? `✗ ${file.alert?.code}: ${file.alert?.message}` : `${file.rowsRead} read · ${file.valid} valid · ${file.invalid} invalid${file.filtered ? ` · ${file.filtered} filtered` : ''}${file.alreadyLoaded ? ` · ${file.alreadyLoaded} already loaded` : ''}`}
          </Text>
        ))}
        {outputs.map((output) => {
          const job = latestJob.get(output.path);
          const result = loaded.find((l) => l.output.path === output.path);
          return (
            <Text key={output.path} wrap="wrap" color={result && (result.status !== 'COMPLETED' || result.errors) ? 'red' : undefined}>
              {fit(output.jobType, 34)} {fit(output.path.split(/[\\/]/).pop() ?? '', 26)} {String(output.rows).padStart(7)} rows{' '}
              {job && !result ? `${job.status} ${bar(job.recordsProcessed, job.total)} ${job.recordsProcessed}/${job.total}` : ''}
              {result ? (result.status === 'NOTHING_TO_SEND' ? `every row loaded by an earlier job` : `${result.status} · ${result.recordsProcessed} processed · ${result.errors} errors · ${result.loaded ?? 0} loaded`) + (result.alreadyLoaded ? ` · ${result.alreadyLoaded} loaded before` : '') : ''}
            </Text>
          );
        })}
        {loaded
          .filter((file) => file.errorRows.length)
          .map((file) => (
            <Box key={file.output.path} flexDirection="column">
              <Text color="red">Advocate's error file for {file.output.path.split(/[\\/]/).pop()}:</Text>
              {file.errorRows.slice(0, ERROR_ROWS_SHOWN).map((row, i) => (
                <Text key={i} color="red" wrap="wrap">
                  {'  '}row {row.row}: {row.message}
                </Text>
              ))}
              {file.errorRows.length > ERROR_ROWS_SHOWN ? <Text dimColor>  … and {file.errorRows.length - ERROR_ROWS_SHOWN} more</Text> : null}
            </Box>
          ))}
        {loaded
          .filter((file) => file.note)
          .map((file) => (
            <Text key={`note-${file.output.path}`} color="yellow" wrap="wrap">
              {file.output.path.split(/[\\/]/).pop()}: {file.note}
            </Text>
          ))}
        {props.reportPath ? <Text dimColor wrap="wrap">Local error report: {props.reportPath}</Text> : null}
      </ScrollArea>
      {error ? <Text color="red" wrap="wrap">{error}</Text> : null}
      {why ? (
        <Text color="yellow" wrap="wrap">
          {why}
        </Text>
      ) : null}
      <Text dimColor wrap="wrap">
        {phase === 'written'
          ? props.canLoad && props.advocate
            ? `${keyLine('referral-write', ['load'])}: ${advocateLabel(props.advocate)} (webhooks, program rules and analytics off) · ${keyLine('referral-write', ['account', 'done', 'back'])}`
            : `${keyLine('referral-write', ['account', 'done', 'back'])} (to load: ${advise('loadTarget', 'console')})`
          : phase === 'loaded' || phase === 'failed'
            ? keyLine('referral-write', ['account', 'done', 'back'])
            : 'working…'}
        {' · ? all keys'}
      </Text>
    </Box>
  );
}
