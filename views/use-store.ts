// Reads the console's store from React (useSyncExternalStore and a selector). Here, not
// beside the store: React and Ink live in views/ only (.dependency-cruiser.cjs).
import {useSyncExternalStore} from 'react';
import type {Store} from '../source/app/console/store.js';
import type {ConsoleState} from '../source/app/console/state.js';

export function useStore<T>(store: Store, selector: (state: ConsoleState) => T): T {
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
