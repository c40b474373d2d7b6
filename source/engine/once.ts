// The once-only step: how ferry writes anything exactly once although any request may be
// applied with its answer lost and any process may be killed between two instructions.
// Before a write is sent its step is journalled "sent"; after the answer, "done" with the
// target id. A step found "sent" (a kill or a lost answer) is looked up on the target
// before anything is sent again. Tests use this same function with an in-memory store.
import type {Id, RecordType} from '../contracts/model.js';
import {HttpRecordError, PossiblyAppliedError} from '../contracts/errors.js';

export interface StepStore {
  step(type: RecordType, sourceId: string, step: string): {state: 'sent' | 'done'; targetId: string | null} | undefined;
  markStep(type: RecordType, sourceId: string, step: string, state: 'sent' | 'done', targetId?: string): void;
}

/** Sends of one possibly-applied write: after this many unanswered sends the record fails (the step stays "sent"). */
export const MAX_UNANSWERED_SENDS = 4;

export type OnceFn = (step: string, create: () => Promise<Id>, lookup?: () => Promise<Id | undefined>, lookupOnConflict?: () => Promise<Id | undefined>) => Promise<Id>;

export function onceFor(store: StepStore, type: RecordType, sourceId: string): OnceFn {
  return async (step, create, lookup, lookupOnConflict) => {
    const known = store.step(type, sourceId, step);
    if (known?.state === 'done' && known.targetId) return known.targetId;
    let sentBefore = known?.state === 'sent';
    const found = (id: Id) => (store.markStep(type, sourceId, step, 'done', id), id);
    if (sentBefore && lookup) {
      // An earlier attempt sent this and never saw the answer: look before sending again.
      const existing = await lookup();
      if (existing) return found(existing);
    }
    for (let send = 1; ; send++) {
      store.markStep(type, sourceId, step, 'sent');
      try {
        return found(await create());
      } catch (error) {
        const conflict = error instanceof HttpRecordError && error.status === 409;
        if (!(error instanceof PossiblyAppliedError) && !(conflict && sentBefore)) throw error;
        // The write may have been applied: find it rather than send it again.
        const existing = (lookup ? await lookup() : undefined) ?? (conflict && lookupOnConflict ? await lookupOnConflict() : undefined);
        if (existing) return found(existing);
        // Nothing to look with, or nothing found after a conflict: the step stays "sent" and
        // the record fails with the reason; its next attempt looks first again.
        if (!lookup || conflict || send >= MAX_UNANSWERED_SENDS) throw error;
        sentBefore = true;
      }
    }
  };
}

/** A step store in memory, for tests and one-off writes outside a migration. */
export function memoryStepStore(): StepStore & {steps: Map<string, {state: 'sent' | 'done'; targetId: string | null}>} {
  const steps = new Map<string, {state: 'sent' | 'done'; targetId: string | null}>();
  const key = (type: RecordType, sourceId: string, step: string) => `${type}\u0000${sourceId}\u0000${step}`;
  return {
    steps,
    step: (type, sourceId, step) => steps.get(key(type, sourceId, step)),
    markStep: (type, sourceId, step, state, targetId) => void steps.set(key(type, sourceId, step), {state, targetId: targetId ?? null}),
  };
}
