// The console's root: a persistent header (where you are, the run's state), the
// current screen, a notice line, and the current screen's keys at the bottom.
import React, {useRef} from 'react';
import {Box, Text, useApp, useInput} from 'ink';
import {useStore, type Store} from '../source/console/store.js';
import type {Intents} from '../source/console/intents.js';
import {SCREENS, SCREEN_KEYS, SCREEN_TITLES, runIsLive, type ScreenId} from '../source/console/state.js';
import {globalCommand, GLOBAL_HINTS} from '../source/console/keys.js';
import {ConsoleProvider, useLatest} from './context.js';
import {useTerminalSize} from './hooks.js';
import {SCREEN_HINTS, ScreenBody} from './screens/index.js';
import {fit} from './components/Table.js';

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
  const {exit} = useApp();
  const screen = useStore(store, (s) => s.screen);
  const help = useStore(store, (s) => s.help);
  const confirmQuit = useStore(store, (s) => s.confirmQuit);
  const notice = useStore(store, (s) => s.notice);
  const run = useStore(store, (s) => s.run);
  const plan = useStore(store, (s) => s.plan);
  const dir = useStore(store, (s) => s.dir);
  const live = runIsLive(run);
  const liveRef = useLatest(live);

  const quit = () => {
    intents.shutdown();
    onQuit?.();
    exit();
  };

  useInput((input, key) => {
    if (store.getState().confirmQuit) {
      if (input === 'y' || input === 'Y') quit();
      else if (input === 'n' || input === 'N' || key.escape) intents.setConfirmQuit(false);
      return;
    }
    if (store.getState().help) {
      if (key.escape || input === '?' || input === 'q') intents.toggleHelp();
      return;
    }
    if (captured.current) return;
    const command = globalCommand(input, key);
    if (!command) return;
    if (command === 'quit') {
      if (liveRef.current) intents.setConfirmQuit(true);
      else quit();
    } else if (command === 'help') intents.toggleHelp();
    else if (command === 'back') intents.back();
    else if (typeof command === 'object') intents.go(command.screen);
  });

  const bodyRows = Math.max(6, size.rows - 5);
  const status = run.scheduled
    ? `${run.scheduled.mode} run waits until ${new Date(run.scheduled.at).toLocaleTimeString()}`
    : run.live
      ? `run ${run.live.runId} ${run.live.mode}: ${run.live.state === 'running' && !run.alive ? 'interrupted' : run.live.state}`
      : 'no run yet';
  const where = plan ? plan.name : dir ? dir : 'no folder open';
  return (
    <ConsoleProvider value={{store, intents, size, bodyRows, captured}}>
      {/* One row short of the terminal: a frame as tall as the terminal makes it scroll on the final newline. */}
      <Box flexDirection="column" width={size.columns} height={size.rows - 1}>
        <Text wrap="truncate">
          <Text bold>ferry</Text> · {fit(where, Math.max(10, size.columns - status.length - 12)).trimEnd()} · <Text bold={live}>{status}</Text>
        </Text>
        <Tabs current={screen} width={size.columns} />
        <Box height={bodyRows} flexDirection="column" overflow="hidden">
          {/* Natural height, clipped by the body: shrinking would squeeze rows on top of each other. */}
          <Box flexDirection="column" flexShrink={0}>
            {help ? <HelpOverlay screen={screen} /> : <ScreenBody screen={screen} />}
          </Box>
        </Box>
        <Text wrap="truncate" color={notice?.kind === 'error' ? 'red' : undefined} bold={notice?.kind === 'error'}>
          {confirmQuit ? 'A run is going on; it carries on in the background after you quit. Quit? (y/n)' : notice ? `${notice.kind === 'error' ? '! ' : ''}${notice.text}` : ' '}
        </Text>
        <Text wrap="truncate" inverse>
          {hintLine(screen, help, size.columns)}
        </Text>
      </Box>
    </ConsoleProvider>
  );
}

/** The current screen's keys, cut to fit, always ending with help and quit. */
export function hintLine(screen: ScreenId, help: boolean, width: number): string {
  if (help) return fit(' Esc/? close help', width);
  const tail = ' · ? keys · q quit';
  const own = ' ' + SCREEN_HINTS[screen].map((h) => `${h.keys} ${h.does}`).join(' · ');
  return fit(fit(own, Math.max(1, width - tail.length)).trimEnd() + tail, width);
}

function Tabs({current, width}: {current: ScreenId; width: number}) {
  const full = SCREENS.map((id) => `${SCREEN_KEYS[id]}:${SCREEN_TITLES[id]}`).join(' ').length <= width;
  return (
    <Text wrap="truncate">
      {SCREENS.map((id, index) => {
        const title = full || id === current ? SCREEN_TITLES[id] : SCREEN_TITLES[id].slice(0, 4);
        const label = `${SCREEN_KEYS[id]}:${title}`;
        return (
          <Text key={id}>
            {index ? ' ' : ''}
            {id === current ? (
              <Text inverse bold>
                [{label}]
              </Text>
            ) : (
              <Text dimColor>{label}</Text>
            )}
          </Text>
        );
      })}
    </Text>
  );
}

function HelpOverlay({screen}: {screen: ScreenId}) {
  const rows = [...SCREEN_HINTS[screen].map((h) => ({...h, where: SCREEN_TITLES[screen]})), ...GLOBAL_HINTS.map((h) => ({...h, where: 'everywhere'}))];
  return (
    <Box flexDirection="column">
      <Text bold>Keys ({SCREEN_TITLES[screen]} screen, then everywhere)</Text>
      {rows.map((row) => (
        <Text key={row.where + row.keys} wrap="truncate">
          {fit(row.keys, 18)} {fit(row.where, 11)} {row.does}
        </Text>
      ))}
    </Box>
  );
}
