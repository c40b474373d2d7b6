// What every command shares: its input and output, argument parsing, the folder it works
// in, and how an error becomes a message and an exit code.
import {parseArgs, type ParseArgsConfig} from 'node:util';
import path from 'node:path';
import {PlanError, RunStopError} from '../contracts/errors.js';
import type {RunMode} from '../engine/journal.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const EXIT_DIFFERENCES = 3;

export class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): {values: Values; positionals: string[]} {
  try {
    const parsed = parseArgs({args: argv, options: {...options, help: {type: 'boolean', short: 'h'}}, allowPositionals: true, strict: true});
    return {values: parsed.values as Values, positionals: parsed.positionals};
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const write = (stream: NodeJS.WritableStream, text: string) => stream.write(text.endsWith('\n') ? text : text + '\n');

/** The exit code and words of an error; under --json one object on stdout: {error, exitCode, hint?}. */
export function reportError(error: unknown, io: Io, json = false): number {
  if (json) {
    const exitCode = error instanceof UsageError ? 2 : 1;
    const message = error instanceof UsageError || error instanceof PlanError || error instanceof RunStopError ? error.message : `unexpected error: ${(error as Error).message ?? error}`;
    write(io.stdout, JSON.stringify({error: message, exitCode, ...(error instanceof RunStopError ? {hint: error.hint} : {})}));
    return exitCode;
  }
  if (error instanceof UsageError) {
    write(io.stderr, `ferry: ${error.message}\nRun "ferry --help" for the commands and their options.`);
    return 2;
  }
  if (error instanceof PlanError) {
    write(io.stderr, `ferry: ${error.message}`);
    return 1;
  }
  if (error instanceof RunStopError) {
    write(io.stderr, `ferry: ${error.message}\n${error.hint}`);
    return 1;
  }
  write(io.stderr, `ferry: unexpected error: ${(error as Error).stack ?? error}\nNothing journalled is lost; run the command again to resume.`);
  return 1;
}

export function folderOf(values: {dir?: string | boolean}, io: Io): string {
  return path.resolve(io.cwd, typeof values.dir === 'string' ? values.dir : '.');
}

/**
 * A hint works as printed from any folder: every `ferry <command>` it names that works on a
 * migration folder gets `--dir <dir>` when the folder is not the current one.
 */
export function withDir(text: string, dir: string, cwd: string): string {
  if (path.resolve(cwd) === path.resolve(dir)) return text;
  const flag = ` --dir ${/\s/.test(dir) ? JSON.stringify(dir) : dir}`;
  return text.replace(/\bferry (check|run|retry|status|report|verify|estimate|audit)((?: --[a-z-]+(?: (?!--)[^\s;),]+)?)*)/g, (whole, command: string, options: string) => (options.includes('--dir') ? whole : `ferry ${command}${options}${flag}`));
}

export function modeOf(value: unknown, allowed: RunMode[]): RunMode {
  if (typeof value !== 'string') throw new UsageError(`--mode is required: one of ${allowed.join(', ')}`);
  if (!allowed.includes(value as RunMode)) throw new UsageError(`--mode "${value}" is not one of ${allowed.join(', ')}`);
  return value as RunMode;
}
