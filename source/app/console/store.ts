// A small external store: synchronous state, throttled change notification (so a
// run reporting thousands of records a minute redraws the screen at most ~12
// times a second). Views read it through views/use-store.ts; no React here.
import {initialState, type ConsoleState, type ScreenId} from './state.js';

export interface Store {
  getState(): ConsoleState;
  update(change: (state: ConsoleState) => ConsoleState): void;
  subscribe(listener: () => void): () => void;
  /** Navigation is immediate (never throttled), so keys always act on what is shown. */
  flush(): void;
}

/** The store's sense of time: real timers, or a test's own. */
export interface StoreTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: StoreTimers = {now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)};

export function createStore(initial: ConsoleState = initialState(), throttleMs = 80, timers: StoreTimers = realTimers): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  let timer: unknown;
  let lastNotify = -Infinity;
  const notify = () => {
    timer = undefined;
    lastNotify = timers.now();
    for (const listener of [...listeners]) listener();
  };
  return {
    getState: () => state,
    update(change) {
      const next = change(state);
      if (next === state) return;
      state = next;
      if (timer) return;
      const wait = throttleMs - (timers.now() - lastNotify);
      if (wait <= 0) notify();
      else timer = timers.setTimeout(notify, wait);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush() {
      if (timer) timers.clearTimeout(timer);
      notify();
    },
  };
}

// ---- pure navigation reducers

export function goTo(state: ConsoleState, screen: ScreenId): ConsoleState {
  if (state.screen === screen) return state;
  return {...state, screen, history: [...state.history.slice(-30), state.screen], help: false, notice: undefined};
}

export function goBack(state: ConsoleState): ConsoleState {
  const previous = state.history[state.history.length - 1];
  if (!previous) return state;
  return {...state, screen: previous, history: state.history.slice(0, -1), help: false, notice: undefined};
}

export function notify(state: ConsoleState, kind: 'info' | 'error', text: string): ConsoleState {
  return {...state, notice: {kind, text}};
}
