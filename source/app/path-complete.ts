// Tab completion of a typed path, as a shell does it: list the directory of what was
// typed, complete the longest prefix the matches share, and offer the matches when
// there are several. Directories end with "/" so the next Tab goes inside. Only
// text the operator typed comes here; nothing read from a CSV is ever a path.
import {readdirSync, statSync, type Dirent} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {PathCompletion} from '../referral/actions.js';

/** Candidates listed at most (a folder of 10,000 exports must not flood the screen). */
export const MAX_CANDIDATES = 50;

export function completePath(typed: string, cwd: string, home = os.homedir()): PathCompletion {
  const slash = typed.lastIndexOf('/');
  const dirPart = slash === -1 ? '' : typed.slice(0, slash + 1);
  const prefix = typed.slice(slash + 1);
  // "~/" is the operator's home, as in a shell; the typed form is kept in the result.
  const expanded = dirPart.startsWith('~/') || dirPart === '~/' ? path.join(home, dirPart.slice(2)) : dirPart;
  const dir = path.resolve(cwd, expanded || '.');
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, {withFileTypes: true});
  } catch {
    return {completed: typed, candidates: []};
  }
  const matches = entries
    // Hidden entries only when a dot was typed, as shells do.
    .filter((entry) => entry.name.startsWith(prefix) && (prefix.startsWith('.') || !entry.name.startsWith('.')))
    .map((entry) => entry.name + (isDirectory(entry, dir) ? '/' : ''))
    .sort();
  if (matches.length === 0) return {completed: typed, candidates: []};
  if (matches.length === 1) return {completed: dirPart + matches[0]!, candidates: []};
  return {completed: dirPart + commonPrefix(matches), candidates: matches.slice(0, MAX_CANDIDATES)};
}

function isDirectory(entry: Dirent, dir: string): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(path.join(dir, entry.name)).isDirectory();
  } catch {
    return false; // a dangling link completes as a file
  }
}

export function commonPrefix(items: string[]): string {
  let prefix = items[0] ?? '';
  for (const item of items) while (!item.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
