// Start: try the demo (an earlier one there is reopened as it was left), open a migration
// folder, or create one; a fresh demo only by choosing it.
import React, {useState} from 'react';
import {Box, Text} from 'ink';
import {useConsole, useCapture} from '../context.js';
import {useStore} from '../use-store.js';
import {useEditor} from '../editor.js';
import {FieldLine} from '../components/TextField.js';
import {ScrollArea} from '../components/ScrollArea.js';
import {useKeys, useListNav} from '../hooks.js';
import {commandOf, keyHints} from '../keymap.js';
import {ReferralFlow} from '../referral/ReferralFlow.js';
import {allConnectors, emulatedPlatforms, findConnector} from '../../source/app/registry.js';

/** The platforms a demo side can be: those with an emulator that can play that side. */
export function demoPlatforms(side: 'source' | 'target'): string[] {
  const emulated = new Set(emulatedPlatforms());
  return allConnectors().filter((c) => emulated.has(c.id) && c.roles.includes(side)).map((c) => c.id);
}

const labelOf = (platform: string) => findConnector(platform)?.label ?? platform;

export const START_HINTS = keyHints('start');

const ITEMS = [
  {id: 'demo', label: 'Try the demo', detail: 'starts built-in emulators of the pair below and fills in their credentials; an earlier demo in that folder is reopened as it was left', initial: 'ferry-demo'},
  {id: 'open', label: 'Open a migration folder', detail: 'a folder with a plan.json', initial: '.'},
  {id: 'create', label: 'Create a migration folder', detail: 'then connect a source and a target', initial: 'migration'},
  {id: 'referral', label: 'Import referral history into Advocate', detail: 'CSV files from another referral program; asks for the output folder', initial: 'referral-import'},
  // Last, so the operator never starts over by accident (and the items above keep their places).
  {id: 'fresh-demo', label: 'Start a fresh demo', detail: 'sets an earlier demo in that folder aside (kept in earlier-demos/, never deleted) and starts a new one', initial: 'ferry-demo'},
] as const;

export function StartScreen() {
  const {intents, store, size, bodyRows} = useConsole();
  const dir = useStore(store, (s) => s.dir);
  const demoDir = useStore(store, (s) => s.defaultDemoDir);
  // The demo's pair: the open demo's own (a fresh start keeps it), else Zendesk → Freshdesk; s and t change it.
  const openDemo = useStore(store, (s) => (s.demo && s.plan ? `${s.plan.source.platform} ${s.plan.target.platform}` : undefined));
  const [chosenPair, setPair] = useState<{source: string; target: string} | undefined>();
  const [openSource, openTarget] = openDemo?.split(' ') ?? [];
  const pair = chosenPair ?? {source: openSource ?? 'zendesk', target: openTarget ?? 'freshdesk'};
  const [nav, , handleKey] = useListNav(ITEMS.length, ITEMS.length);
  const cursor = nav.cursor;
  const editor = useEditor();
  const [working, setBusy] = useState(false);
  const startingDemo = useStore(store, (s) => s.startingDemo);
  const busy = working || startingDemo !== undefined;
  const referral = useStore(store, (s) => s.referral !== undefined);
  useCapture(editor.editing !== undefined || referral);

  const [problem, setProblem] = useState<string | undefined>();
  useKeys((input, key) => {
    if (referral) return;
    if (busy) return commandOf('start', input, key) ? 'Working on it: wait until the folder is open.' : undefined;
    const edit = editor.handle(input, key);
    // While the folder is typed the field owns the keyboard: arrows do not move the list under it.
    if (!edit && editor.editing !== undefined) return;
    if (edit) {
      // Tab keeps what was typed (there is no other field here): Enter goes.
      if (edit.action === 'next' || edit.action === 'prev') {
        editor.start(edit.field, edit.value);
        return 'Enter goes with this folder; Esc leaves the field.';
      }
      if (edit.action === 'commit' && edit.value.trim()) {
        setBusy(true);
        const item = ITEMS.find((i) => i.id === edit.field)!;
        if (item.id === 'referral') {
          setBusy(false);
          try {
            intents.referral.open(edit.value.trim());
          } catch (error) {
            setProblem((error as Error).message);
          }
          return;
        }
        const platforms = {sourcePlatform: pair.source, targetPlatform: pair.target};
        // Try the demo reopens an earlier demo as it was unless a pair was chosen here.
        const done = item.id === 'demo' ? (chosenPair ? intents.startDemo(edit.value, platforms) : intents.startDemo(edit.value)) : item.id === 'fresh-demo' ? intents.startDemo(edit.value, chosenPair || openDemo ? {fresh: true, ...platforms} : {fresh: true}) : item.id === 'open' ? intents.openFolder(edit.value) : intents.createFolder(edit.value);
        void done.finally(() => setBusy(false));
      }
      return;
    }
    if (handleKey(input, key)) return;
    const command = commandOf('start', input, key);
    if (command === 'demoSource' || command === 'demoTarget') {
      const side = command === 'demoSource' ? 'source' : 'target';
      const list = demoPlatforms(side);
      setPair({...pair, [side]: list[(list.indexOf(pair[side]) + 1) % list.length]!});
      return;
    }
    if (command === 'go') {
      const item = ITEMS[cursor]!;
      editor.start(item.id, (item.id === 'demo' || item.id === 'fresh-demo') && demoDir ? demoDir : item.initial);
    }
  });

  if (referral) return <ReferralFlow store={store} intents={intents.referral} width={size.columns} height={bodyRows} />;
  // The line to keep in view: the cursor's item, or the folder field under it while it is typed
  // (each item's lines counted as they wrap: at 60 columns a description takes three).
  const itemLines = ITEMS.map((item) => 1 + wrappedLines(item.detail, size.columns - 4) + (item.id === 'demo' || item.id === 'fresh-demo' ? wrappedLines(`${labelOf(pair.source)} → ${labelOf(pair.target)} (s, t: change the pair)`, size.columns - 4) : 0));
  const focus = 2 + itemLines.slice(0, cursor).reduce((n, lines) => n + lines, 0) + (editor.editing ? itemLines[cursor]! : 0);
  return (
    <ScrollArea height={bodyRows} focus={focus}>
      <Text bold wrap="truncate">Where do you want to start?</Text>
      <Text> </Text>
      {ITEMS.map((item, index) => (
        <Box key={item.id} flexDirection="column">
          {/* One cursor at a time: while the folder is typed, the field below carries it. */}
          <Text inverse={index === cursor && !editor.editing} wrap="truncate">
            {index === cursor && !editor.editing ? '›' : ' '} {item.label}
          </Text>
          <Box paddingLeft={4}>
            <Text dimColor wrap="wrap">
              {item.detail}
            </Text>
          </Box>
          {item.id === 'demo' || item.id === 'fresh-demo' ? (
            <Box paddingLeft={4}>
              <Text wrap="wrap">
                {labelOf(pair.source)} → {labelOf(pair.target)} <Text dimColor>(s, t: change the pair)</Text>
              </Text>
            </Box>
          ) : null}
          {editor.editing === item.id ? <FieldLine label="Folder" value={editor.draft} labelWidth={8} width={size.columns} focused editing /> : null}
        </Box>
      ))}
      <Text> </Text>
      {startingDemo ? (
        <Text bold wrap="wrap">
          Starting the demo in {startingDemo}… Connect opens by itself when its emulators are ready.
        </Text>
      ) : busy ? <Text>Working…</Text> : editor.editing ? <Text dimColor>Type the folder, Enter to go, Esc to cancel.</Text> : null}
      {problem ? <Text color="red" wrap="wrap">{problem}</Text> : null}
      {dir ? <Text wrap="wrap">Current folder: {dir}</Text> : null}
    </ScrollArea>
  );
}

/** How many lines a text takes wrapped at words to a width (as Ink wraps it). */
export function wrappedLines(text: string, width: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(' ')) {
    const length = [...word].length;
    if (used && used + 1 + length > width) {
      lines++;
      used = 0;
    }
    used += (used ? 1 : 0) + length;
    while (used > width) {
      lines++;
      used -= width;
    }
  }
  return lines;
}
