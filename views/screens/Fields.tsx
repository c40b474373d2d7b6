// Fields: source ticket fields beside target fields with type compatibility, value
// maps for status, priority and type, defaults for required target fields, and groups.
import React, {useEffect, useRef, useState} from 'react';
import {Box, Text} from 'ink';
import {useConsole, useCapture} from '../context.js';
import {useStore} from '../use-store.js';
import {Table} from '../components/Table.js';
import {Picker} from '../components/Picker.js';
import {FieldLine} from '../components/TextField.js';
import {NO_PLAN, useKeys, useListNav} from '../hooks.js';
import {useEditor} from '../editor.js';
import {decideField, mapKind, mapPriority, mapStatus, matchGroup, typesCompatible} from '../../source/engine/mapping.js';
import {defaultFor, requiredTargetFields, type RequiredField} from '../../source/app/console/required-fields.js';
import {TICKET_STATUSES, type TicketKind, type TicketPriority, type TicketStatus} from '../../source/contracts/model.js';
import type {Plan} from '../../source/plan/plan.js';
import type {FieldsData, LoadState} from '../../source/app/console/state.js';
import {writtenValue, type MappingPreview} from '../../source/app/console/mapping-preview.js';
import {commandOf, keyHints} from '../keymap.js';
import {inConsoleWords} from '../../source/app/console/advice.js';

export const FIELDS_HINTS = keyHints('fields');

const STATUSES = TICKET_STATUSES;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const KINDS = ['question', 'incident', 'problem', 'task'];

export type FieldRow =
  | {kind: 'heading'; text: string}
  | {kind: 'field'; id: string}
  | {kind: 'value'; map: 'statuses' | 'priorities' | 'kinds'; from: string}
  | {kind: 'default'; id: string}
  | {kind: 'group'; id: string};

export function fieldRows(data: FieldsData, plan: Pick<Plan, 'fieldMap'>): FieldRow[] {
  return [
    {kind: 'heading', text: 'Ticket fields'},
    ...data.sourceFields.map((f): FieldRow => ({kind: 'field', id: f.id})),
    {kind: 'heading', text: 'Required target fields: value when the source has none'},
    ...requiredTargetFields(data.sourceFields, data.targetFields, plan).map((f): FieldRow => ({kind: 'default', id: f.id})),
    {kind: 'heading', text: 'Status'},
    ...STATUSES.map((from): FieldRow => ({kind: 'value', map: 'statuses', from})),
    {kind: 'heading', text: 'Priority'},
    ...PRIORITIES.map((from): FieldRow => ({kind: 'value', map: 'priorities', from})),
    {kind: 'heading', text: 'Ticket type'},
    ...KINDS.map((from): FieldRow => ({kind: 'value', map: 'kinds', from})),
    {kind: 'heading', text: 'Groups'},
    ...data.sourceGroups.map((g): FieldRow => ({kind: 'group', id: g.id})),
  ];
}

export function describeRow(row: FieldRow, data: FieldsData, plan: Plan, preview?: MappingPreview): [string, string, string] {
  switch (row.kind) {
    case 'heading':
      return [`— ${row.text} —`, '', ''];
    case 'field': {
      const field = data.sourceFields.find((f) => f.id === row.id)!;
      const decision = decideField(field, data.targetFields, plan.fieldMap, data.runLinks);
      // A target that cannot create fields leaves the field out until someone adds it by hand: said so, never "create it".
      const refusal = decision.action === 'create' ? data.createRefusals?.[field.id] : undefined;
      const target = decision.action === 'link' ? `${decision.target.title} (${decision.target.type})` : refusal ? 'left out: create it by hand' : decision.action === 'create' ? 'create it' : decision.action === 'skip' ? 'left out' : 'does not fit';
      if (refusal) return [`${field.title} (${field.type})`, target, inConsoleWords(`⚠ ${refusal}`)];
      const note = decision.action === 'link' ? (decision.how === 'run' ? '✓ linked by an earlier run' : `✓ types fit (${decision.how === 'manual' ? 'by hand' : 'same title'})`) : decision.action === 'fail' ? `✗ ${decision.reason}` : decision.action === 'create' ? 'new field' : '';
      // What the run's own mapping did with this field's values on the sample tickets.
      const verdict = preview?.fields[field.id];
      const tried = verdict && verdict.notes.length ? `⚠ ${verdict.notes.length} of ${verdict.withValue} sampled values: ${verdict.notes[0]}` : verdict?.withValue ? `${note} · ${verdict.withValue} sampled values fit` : note;
      return [`${field.title} (${field.type})`, target, inConsoleWords(tried)];
    }
    case 'default': {
      const field = requiredField(row.id, data, plan)!;
      const value = defaultFor(field, plan);
      const created = field.origin === 'created' ? ', created by the run' : '';
      const sampled = preview?.required[field.title];
      const tried = preview && sampled ? (sampled.failing ? ` (${sampled.failing} of ${preview.sampled} sampled tickets)` : sampled.defaulted ? ` (${sampled.defaulted} of ${preview.sampled} sampled tickets)` : '') : '';
      return [`${field.title} (required${created})`, value ?? '— none —', value ? `used when a ticket has no value${tried}` : `✗ tickets without a value fail${tried}`];
    }
    case 'value': {
      // The run's own mapping functions, so this cannot disagree with what the run writes.
      const to = row.map === 'statuses' ? mapStatus(row.from as TicketStatus, plan.fieldMap) : row.map === 'priorities' ? mapPriority(row.from as TicketPriority, plan.fieldMap) : mapKind(row.from as TicketKind, plan.fieldMap) ?? '';
      // And what the target itself does with the value when it writes it (the dry run's Connector.previewTicket).
      // The value shown is the one the target keeps ("Pending", "left empty"), from the target's own note.
      const notes = preview?.values?.[row.map]?.[row.from];
      const lost = notes?.[0];
      return [row.from, writtenValue(to, notes), lost ? `⚠ ${lost}` : to === row.from ? 'same' : 'mapped'];
    }
    case 'group': {
      const group = data.sourceGroups.find((g) => g.id === row.id)!;
      const target = matchGroup(group, data.targetGroups, plan.groupMap);
      return [group.name, target ? target.name : 'create it', plan.groupMap[group.id] ? 'by hand' : target ? 'same name' : 'new group'];
    }
  }
}

export function FieldsScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const plan = useStore(store, (s) => s.plan);
  const fields = useStore(store, (s) => s.fields);
  const preview = useStore(store, (s) => s.fieldsPreview);
  const tried = preview.state === 'ready' ? preview.value : undefined;
  const data = fields.state === 'ready' ? fields.value : undefined;
  const rows = data && plan ? fieldRows(data, plan) : [];
  const [nav, dispatch, handleKey] = useListNav(rows.length, Math.max(3, bodyRows - 5));
  const [picking, setPicking] = useState<FieldRow | undefined>();
  const editor = useEditor();
  // The selected row whole, for a note longer than the room under the list (d).
  const [whole, setWhole] = useState(false);
  useCapture(editor.editing !== undefined || whole);
  // The list opens on the first row that needs the operator (✗), where the advice sends them.
  const placed = useRef(false);
  useEffect(() => {
    if (placed.current || !data || !plan || !rows.length) return;
    placed.current = true;
    const first = rows.findIndex((row) => /^✗/.test(describeRow(row, data, plan, tried)[2]));
    if (first > 0) dispatch({type: 'select', index: first});
  }, [data, plan, rows.length]);

  useEffect(() => {
    if (plan && fields.state === 'idle') void intents.loadFields();
  }, [plan, fields.state]);
  // A run that ended may have created or linked fields: read them again, so nothing says "create it" for a field the run created.
  const runEnded = useStore(store, (s) => (s.run.lastRun && s.run.lastRun.status !== 'running' ? `${s.run.lastRun.id}:${s.run.lastRun.status}` : undefined));
  const seenRun = useRef(runEnded);
  useEffect(() => {
    if (runEnded === seenRun.current) return;
    seenRun.current = runEnded;
    if (plan && runEnded && fields.state !== 'loading') void intents.loadFields();
  }, [runEnded]);

  useKeys(
    (input, key) => {
      const edit = editor.handle(input, key);
      if (edit) {
        if (edit.action !== 'edit' && edit.action !== 'cancel') setDefault(edit.field, edit.value.trim());
        return;
      }
      if (whole) {
        if (commandOf('details', input, key) === 'close' || commandOf('fields', input, key) === 'details') setWhole(false);
        return;
      }
      if (handleKey(input, key)) return;
      const command = commandOf('fields', input, key);
      if (!command) return;
      if (!plan) return NO_PLAN;
      if (fields.state === 'loading') return 'Reading the fields from both sides: wait a moment.';
      if (command === 'reload') return void intents.loadFields();
      if (!data) return fields.state === 'failed' ? 'The fields could not be read: r tries again.' : 'Reading the fields from both sides: wait a moment.';
      const row = rows[nav.cursor];
      if (!row) return 'Nothing to change: the list is empty.';
      if (row.kind === 'heading') return 'A heading: move to a row below it (j).';
      if (command === 'details') return void setWhole(true);
      if (command === 'reset') return setByHand(row, data, plan) ? void reset(row) : 'Nothing is set by hand on this row: nothing to reset.';
      if (row.kind === 'default') {
        const field = requiredField(row.id, data, plan!)!;
        if (field.options?.length) setPicking(row);
        else editor.start(field.id, plan?.fieldMap.defaults[field.id] ?? plan?.fieldMap.defaults[field.title] ?? '');
      } else setPicking(row);
    },
    {isActive: !picking},
  );

  const setDefault = (fieldId: string, value: string) => {
    const field = data && plan ? requiredField(fieldId, data, plan) : undefined;
    if (!field) return;
    intents.updatePlan((p) => {
      const defaults = {...p.fieldMap.defaults};
      delete defaults[field.id];
      delete defaults[field.key];
      if (value) defaults[field.title] = value;
      else delete defaults[field.title];
      return {...p, fieldMap: {...p.fieldMap, defaults}};
    });
  };
  const reset = (row: FieldRow) => {
    intents.updatePlan((p) => {
      const fieldMap = {...p.fieldMap, fields: {...p.fieldMap.fields}, statuses: {...p.fieldMap.statuses}, priorities: {...p.fieldMap.priorities}, kinds: {...p.fieldMap.kinds}};
      if (row.kind === 'field') delete fieldMap.fields[row.id];
      if (row.kind === 'value') delete (fieldMap[row.map] as Record<string, string>)[row.from];
      const groupMap = {...p.groupMap};
      if (row.kind === 'group') delete groupMap[row.id];
      return {...p, fieldMap, groupMap};
    });
    if (row.kind === 'default') setDefault(row.id, '');
  };

  if (!plan) return <Text>{NO_PLAN}</Text>;
  if (!data) return fields.state === 'failed' ? <Text color="red">Could not read the fields: {fields.error} (r to retry)</Text> : <Text>Reading ticket fields and groups from both sides…</Text>;

  if (picking && picking.kind !== 'heading') {
    const {title, options, apply} = pickerFor(picking, data, plan);
    return (
      <Picker
        title={title}
        options={options}
        onCancel={() => setPicking(undefined)}
        onPick={(index) => {
          apply(index, intents.updatePlan, setDefault);
          setPicking(undefined);
        }}
      />
    );
  }
  const selected = rows[nav.cursor];
  if (whole && selected && selected.kind !== 'heading') {
    const [source, target, note] = describeRow(selected, data, plan, tried);
    return (
      <Box flexDirection="column">
        <Text wrap="wrap">Source: {source}</Text>
        <Text wrap="wrap">Target: {target}</Text>
        <Text wrap="wrap">Note: {note}</Text>
        <Text dimColor wrap="wrap">
          Esc, Enter or d: back to the list
        </Text>
      </Box>
    );
  }
  const editingField = editor.editing ? requiredField(editor.editing, data, plan) : undefined;
  return (
    <Box flexDirection="column">
      <Text wrap="wrap" dimColor={!tried?.failures.length} bold={Boolean(tried?.failures.length)}>
        {previewLine(preview)}
      </Text>
      <Table
        columns={[{title: 'Source'}, {title: 'Target'}, {title: 'Note'}]}
        nav={nav}
        width={size.columns}
        getRow={(i) => describeRow(rows[i]!, data, plan, tried)}
        isFlagged={(i) => /^[✗⚠]/.test(describeRow(rows[i]!, data, plan, tried)[2])}
        isHeading={(i) => rows[i]!.kind === 'heading'}
        moreDetail="d shows it all"
      />
      {editingField ? <FieldLine label={`Default for ${editingField.title}`} value={editor.draft} labelWidth={24} width={size.columns} focused editing /> : null}
    </Box>
  );
}

/** The dry run's summary: how many sample tickets the run's mapping would fail, and the commonest reason. */
export function previewLine(preview: LoadState<MappingPreview>): string {
  if (preview.state === 'loading') return 'Trying the mapping on sample tickets…';
  if (preview.state === 'failed') return `Could not try the mapping on sample tickets: ${preview.error}`;
  if (preview.state !== 'ready') return '';
  const {sampled, failures} = preview.value;
  if (!sampled) return 'No ticket in the source to try the mapping on.';
  const failing = failures.reduce((n, f) => n + f.count, 0);
  if (!failing) return `The run's mapping, tried on ${sampled} sample tickets: all would be written.`;
  return `The run's mapping, tried on ${sampled} sample tickets: ${failing} would fail (${failures[0]!.count}: ${inConsoleWords(failures[0]!.reason)})`;
}

/** Whether the operator changed this row (what x resets). */
export function setByHand(row: Exclude<FieldRow, {kind: 'heading'}>, data: FieldsData, plan: Plan): boolean {
  if (row.kind === 'field') return plan.fieldMap.fields[row.id] !== undefined;
  if (row.kind === 'value') return (plan.fieldMap[row.map] as Record<string, string> | undefined)?.[row.from] !== undefined;
  if (row.kind === 'group') return plan.groupMap[row.id] !== undefined;
  const field = requiredField(row.id, data, plan);
  return Boolean(field && [field.id, field.key, field.title].some((k) => plan.fieldMap.defaults[k] !== undefined));
}

function requiredField(id: string, data: FieldsData, plan: Plan): RequiredField | undefined {
  return requiredTargetFields(data.sourceFields, data.targetFields, plan).find((f) => f.id === id);
}

type PlanUpdate = (change: (plan: Plan) => Plan) => void;

function pickerFor(row: Exclude<FieldRow, {kind: 'heading'}>, data: FieldsData, plan: Plan): {title: string; options: Array<{label: string; detail?: string}>; apply(index: number, update: PlanUpdate, setDefault: (id: string, value: string) => void): void} {
  if (row.kind === 'field') {
    const field = data.sourceFields.find((f) => f.id === row.id)!;
    const choices = [{label: 'match by title (default)', ref: undefined as string | undefined}, {label: 'create it on the target', ref: 'create'}, {label: 'leave it out', ref: 'skip'}, ...data.targetFields.map((t) => ({label: `${t.title} (${t.type})`, ref: t.id, fits: typesCompatible(field.type, t.type)}))];
    return {
      title: `Target for the ${field.type} field "${field.title}":`,
      options: choices.map((c) => ({label: c.label, detail: 'fits' in c ? (c.fits ? '✓ types fit' : '✗ types do not fit') : undefined})),
      apply: (index, update) =>
        update((p) => {
          const fields = {...p.fieldMap.fields};
          const ref = choices[index]!.ref;
          if (ref === undefined) delete fields[field.id];
          else fields[field.id] = ref;
          return {...p, fieldMap: {...p.fieldMap, fields}};
        }),
    };
  }
  if (row.kind === 'value') {
    const list = row.map === 'statuses' ? STATUSES : row.map === 'priorities' ? PRIORITIES : KINDS;
    return {
      title: `On the target, "${row.from}" becomes:`,
      options: list.map((v) => ({label: v})),
      apply: (index, update) => update((p) => ({...p, fieldMap: {...p.fieldMap, [row.map]: {...p.fieldMap[row.map], [row.from]: list[index]!}}})),
    };
  }
  if (row.kind === 'default') {
    const field = requiredField(row.id, data, plan)!;
    const options = field.options ?? [];
    return {title: `Default for "${field.title}":`, options: options.map((o) => ({label: o.label, detail: o.value})), apply: (index, _update, setDefault) => setDefault(field.id, options[index]!.label)};
  }
  const group = data.sourceGroups.find((g) => g.id === row.id)!;
  const choices = [{label: 'same name, or create it (default)', id: undefined as string | undefined}, ...data.targetGroups.map((g) => ({label: g.name, id: g.id}))];
  return {
    title: `Target group for "${group.name}":`,
    options: choices.map((c) => ({label: c.label})),
    apply: (index, update) =>
      update((p) => {
        const groupMap = {...p.groupMap};
        const id = choices[index]!.id;
        if (id === undefined) delete groupMap[group.id];
        else groupMap[group.id] = id;
        return {...p, groupMap};
      }),
  };
}
