// Two kinds of failure matter to a migration: one record cannot move (the run goes
// on and the journal keeps the reason), or the run cannot go on (credentials,
// rights, plan, unreachable server) and the user must fix something first.

/** This record cannot be migrated; the reason is shown to the user as is. */
export class RecordError extends Error {
  override name = 'RecordError';
  constructor(
    message: string,
    /** 'skipped' when the record was deliberately left out, not broken */
    readonly outcome: 'failed' | 'skipped' = 'failed',
  ) {
    super(message);
  }
}

/** The run must stop; `hint` says what to do next. Nothing already journalled is lost. */
export class RunStopError extends Error {
  override name = 'RunStopError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The operator cancelled the run (Ctrl+C, SIGTERM, the console): waits end at once. */
export class CancelledError extends RunStopError {
  override name = 'CancelledError';
  constructor() {
    super('Cancelled.', 'Run the same mode again to resume where it stopped.');
  }
}

/**
 * The account's plan does not include a feature (Help Center off, no archive, no labels): the
 * records that need it are skipped with this reason, and the run goes on. Only missing admin
 * rights stop a run. Connectors throw it where the platform answers 403 for a plan-gated
 * endpoint (they pass `accept: [403]` there and say what the plan lacks).
 */
export class FeatureUnavailableError extends RecordError {
  override name = 'FeatureUnavailableError';
  constructor(
    /** What the account lacks, e.g. "Help Center is not enabled on the target's plan" */
    message: string,
  ) {
    super(message, 'skipped');
  }
}

/** Invalid plan or command-line usage: shown with the field that is wrong. */
export class PlanError extends Error {
  override name = 'PlanError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** An HTTP response the classification table decided fails one record. */
export class HttpRecordError extends RecordError {
  override name = 'HttpRecordError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/**
 * A write that may have reached the server without its answer reaching us (a reset or a
 * timeout after sending, a 5xx from a gateway). The HTTP layer never re-sends such a write
 * blind; the engine's once-only step looks on the target first (see Engine.writeContext).
 */
export class PossiblyAppliedError extends HttpRecordError {
  override name = 'PossiblyAppliedError';
}

/** Replace every secret in a text by a mask, so messages can be shown and logged safely. */
export function maskSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) masked = masked.split(secret).join('••••');
  }
  return masked;
}
