// The console's root: a persistent header (where you are, the run's state), the
// current screen, a notice line, and the current screen's keys at the bottom.
import React, {useCallback, useEffect, useRef, useState} from 'react';
import {Box, Text, useApp, useInput} from 'ink';
import type {Store} from '../source/app/console/store.js';
import {useStore} from './use-store.js';
import type {ReferralStep} from '../source/app/console/referral-state.js';
import type {Intents} from '../source/app/console/intents.js';
import {SCREENS, SCREEN_KEYS, SCREEN_TITLES, runIsLive, type ScreenId} from '../source/app/console/state.js';
import {globalCommand} from './keys.js';
import {commandOf, helpRows, keyHints, KEY_AREA_TITLES, type KeyArea} from './keymap.js';
import {ConsoleProvider, useConsole, useLatest} from './context.js';
import {useListNav, useTerminalSize} from './hooks.js';
import {ScreenBody} from './screens/index.js';
import stringWidth from 'string-width';
import {fit, Table, wrappedRows} from './components/Table.js';

export interface AppProps {
  store: Store;
  intents: Intents;
  /** Fixed size for tests; otherwise the terminal's, following resizes */
  size?: {columns: number; rows: number};
  onQuit?: () => void;
}

export function App({store, intents, size: fixedSize, onQuit}: AppProps) {
  const terminal = useTerminalSize();
  const size = fixedSize ?? terminal;
  const captured = useRef(false);
  const keyArea = useRef<KeyArea | undefined>(undefined);
  const {exit} = useApp();
  const screen = useStore(store, (s) => s.screen);
  const help = useStore(store, (s) => s.help);
  const confirmQuit = useStore(store, (s) => s.confirmQuit);
  const notice = useStore(store, (s) => s.notice);
  const run = useStore(store, (s) => s.run);
  const plan = useStore(store, (s) => s.plan);
  const dir = useStore(store, (s) => s.dir);
  const live = runIsLive(run);
  // The referral wizard (on Start) has keys of its own per step: the footer shows those.
  const referralArea = useStore(store, (s) => (s.screen === 'start' && s.referral ? (s.referral.help ? 'referral-help' : s.referral.accountForm ? 'referral-account' : REFERRAL_AREA[s.referral.step]) : undefined));
  const liveRef = useLatest(live);

  const quit = () => {
    intents.shutdown();
    onQuit?.();
    exit();
  };

  // Why the last key did nothing; it belongs to the screen it was pressed on.
  const [refusal, setRefusal] = useState<{why: string; screen: ScreenId} | undefined>();
  // A view inside the screen with keys of its own (Results' differences): the footer shows those.
  const [footerArea, setFooterArea] = useState<KeyArea | undefined>();
  const refuse = useCallback((why: string | undefined) => setRefusal((now) => (why ? {why, screen: store.getState().screen} : now === undefined ? now : undefined)), [store]);
  useEffect(() => setRefusal(undefined), [screen, help]);

  useInput((input, key) => {
    if (store.getState().confirmQuit) {
      const answer = commandOf('confirm', input, key);
      if (answer === 'yes') quit();
      else if (answer === 'no') intents.setConfirmQuit(false);
      return;
    }
    if (store.getState().help) {
      if (commandOf('help', input, key) === 'close') intents.toggleHelp();
      return;
    }
    // A wizard inside a screen (the referral import) keeps its keys but still opens help.
    if (captured.current) {
      if (keyArea.current && commandOf('everywhere', input, key) === 'help') intents.toggleHelp();
      return;
    }
    const command = globalCommand(input, key);
    if (!command) return;
    if (command === 'quit') {
      if (liveRef.current) intents.setConfirmQuit(true);
      else quit();
    } else if (command === 'help') intents.toggleHelp();
    else if (command === 'back') intents.back();
    else if (typeof command === 'object') intents.go(command.screen);
  });

  const shownRefusal = refusal && refusal.screen === screen && !help ? refusal.why : undefined;
  const noticeText = confirmQuit ? 'A run is going on; it carries on in the background after you quit. Quit? (y/n)' : shownRefusal ?? (notice ? `${notice.kind === 'error' ? '! ' : ''}${notice.text}` : ' ');
  // The notice line wraps (up to four lines) instead of cutting what it says; the body gives up the room.
  const noticeRows = Math.min(4, stringWidth(noticeText) <= size.columns ? 1 : wrappedRows(noticeText, size.columns));
  const bodyRows = Math.max(6, size.rows - 4 - noticeRows);
  const status = run.scheduled
    ? `${run.scheduled.mode} run waits until ${new Date(run.scheduled.at).toLocaleTimeString()}`
    : run.live
      ? `run ${run.live.runId} ${run.live.mode}: ${run.live.state === 'running' && !run.alive ? 'interrupted' : run.live.state}`
      : 'no run yet';
  const where = plan ? plan.name : dir ? dir : 'no folder open';
  return (
    <ConsoleProvider value={{store, intents, size, bodyRows, captured, keyArea, refuse, setFooterArea}}>
      {/* One row short of the terminal: a frame as tall as the terminal makes it scroll on the final newline. */}
      <Box flexDirection="column" width={size.columns} height={size.rows - 1}>
        <Text wrap="truncate">
          <Text bold>ferry</Text> · {fit(where, Math.max(10, size.columns - status.length - 12)).trimEnd()} · <Text bold={live}>{status}</Text>
        </Text>
        <Tabs current={screen} width={size.columns} />
        <Box height={bodyRows} flexDirection="column" overflow="hidden">
          {/* Natural height, clipped by the body: shrinking would squeeze rows on top of each other. */}
          <Box flexDirection="column" flexShrink={0}>
            {help ? <HelpOverlay area={keyArea.current ?? screen} /> : <ScreenBody screen={screen} />}
          </Box>
        </Box>
        <Box height={noticeRows} overflow="hidden" flexShrink={0}>
          {/* The notice's rows are blanked whole before it is written: a shorter notice never leaves
              characters of what was drawn there (Ink overwrites only the cells a text covers). */}
          <Box position="absolute" flexDirection="column">
            <Text>{Array.from({length: noticeRows}, () => ' '.repeat(size.columns)).join('\n')}</Text>
          </Box>
          <Text wrap="wrap" color={shownRefusal && !confirmQuit ? 'yellow' : notice?.kind === 'error' ? 'red' : undefined} bold={!confirmQuit && !shownRefusal && notice?.kind === 'error'}>
            {noticeText}
          </Text>
        </Box>
        <Text wrap="truncate" inverse>
          {hintLine(screen, help, size.columns, live, referralArea ?? footerArea)}
        </Text>
      </Box>
    </ConsoleProvider>
  );
}

/** The key map's area of each referral step. */
const REFERRAL_AREA: Record<ReferralStep, KeyArea> = {choose: 'referral-files', map: 'referral-map', preview: 'referral-preview', write: 'referral-write'};

/**
 * The current screen's keys, as many whole hints as fit (never one cut in half),
 * always ending with help and quit; "? more keys" says when some are only in `?`.
 */
export function hintLine(screen: ScreenId, help: boolean, width: number, live = false, inner?: KeyArea): string {
  if (help) return fit(' ' + [...keyHints('help'), {keys: '↑↓ PgDn G', does: 'scroll'}].map((h) => `${h.keys} ${h.does}`).join(' · '), width);
  // The keys that act now: during a run, Run's footer shows pause and cancel, not start; a view
  // inside the screen (Results' differences) shows its own.
  const own = inner ? keyHints(inner, live) : [];
  const hints = (own.length ? own : keyHints(screen, live)).map((h) => `${h.keys} ${h.does}`);
  let shown = hints.length;
  // Inside the referral wizard q does not quit (it says why): the footer does not offer it.
  const quit = inner?.startsWith('referral-') ? [] : ['q quit'];
  const line = (count: number) => ' ' + [...hints.slice(0, count), count < hints.length ? '? more keys' : '? keys', ...quit].join(' · ');
  while (shown > 0 && line(shown).length > width) shown--;
  return fit(line(shown), width);
}

/**
 * The tab bar's items at a width: full titles when they all fit, else short ones, and
 * when even those do not fit, a window around the current tab with "‹" "›" marking
 * what is left out. The current tab is always shown whole.
 */
export function tabItems(current: ScreenId, width: number): Array<{id: ScreenId | 'more-left' | 'more-right'; label: string}> {
  const label = (id: ScreenId, short: boolean) => {
    const text = `${SCREEN_KEYS[id]}:${short && id !== current ? SCREEN_TITLES[id].slice(0, 4) : SCREEN_TITLES[id]}`;
    return id === current ? `[${text}]` : text;
  };
  const length = (items: string[]) => items.join(' ').length;
  const full = SCREENS.map((id) => label(id, false));
  if (length(full) <= width) return SCREENS.map((id, i) => ({id, label: full[i]!}));
  const short = SCREENS.map((id) => label(id, true));
  if (length(short) <= width) return SCREENS.map((id, i) => ({id, label: short[i]!}));
  const at = SCREENS.indexOf(current);
  let from = at;
  let to = at + 1;
  const fits = (a: number, b: number) => length(short.slice(a, b)) + (a > 0 ? 2 : 0) + (b < SCREENS.length ? 2 : 0) <= width;
  for (let grew = true; grew; ) {
    grew = false;
    if (to < SCREENS.length && fits(from, to + 1)) (to++, (grew = true));
    if (from > 0 && fits(from - 1, to)) (from--, (grew = true));
  }
  return [
    ...(from > 0 ? [{id: 'more-left' as const, label: '‹'}] : []),
    ...SCREENS.slice(from, to).map((id, i) => ({id, label: short[from + i]!})),
    ...(to < SCREENS.length ? [{id: 'more-right' as const, label: '›'}] : []),
  ];
}

function Tabs({current, width}: {current: ScreenId; width: number}) {
  return (
    <Text wrap="truncate">
      {tabItems(current, width).map((item, index) => (
        <Text key={item.id}>
          {index ? ' ' : ''}
          {item.id === current ? (
            <Text inverse bold>
              {item.label}
            </Text>
          ) : (
            <Text dimColor>{item.label}</Text>
          )}
        </Text>
      ))}
    </Text>
  );
}

/** Every key of every screen and of the referral wizard, the current one first; scrolls like any list. */
function HelpOverlay({area}: {area: KeyArea}) {
  const {size, bodyRows} = useConsole();
  const rows = helpRows(area);
  const [nav, , handleKey] = useListNav(rows.length, Math.max(3, bodyRows - 3));
  useInput((input, key) => void handleKey(input, key));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Keys: {KEY_AREA_TITLES[area]} first, then every screen (↑↓ PgDn G scroll)
      </Text>
      <Table
        columns={[{title: 'Keys', width: Math.min(20, Math.floor(size.columns / 3))}, {title: 'Where', width: Math.min(20, Math.floor(size.columns / 4))}, {title: 'Does'}]}
        nav={nav}
        width={size.columns}
        getRow={(i) => [rows[i]!.keys, rows[i]!.area, rows[i]!.does]}
      />
    </Box>
  );
}
