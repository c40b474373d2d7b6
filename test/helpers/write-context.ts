// The one test double of the engine's write context: `once` is the engine's own once-only
// step (source/engine/once.ts) over steps kept in memory, so connector tests see exactly
// what a migration does: lookups only after a send that may have been applied.
import type {Attachment, Id, RecordOf, RecordType} from '../../source/contracts/model.js';
import type {TargetSession, WriteContext} from '../../source/contracts/connector.js';
import {memoryStepStore, onceFor, type StepStore} from '../../source/engine/once.js';

export type TestWriteContext = WriteContext & {notes: string[]; steps: StepStore};

export function testWriteContext(sourceKey: string, bytes: (attachment: Attachment) => Promise<Buffer> = async () => Buffer.alloc(0), steps: StepStore = memoryStepStore()): TestWriteContext {
  const notes: string[] = [];
  const [platform = 'test', type = 'tickets', ...rest] = sourceKey.split(':');
  void platform;
  return {
    sourceKey,
    notes,
    steps,
    once: onceFor(steps, type as RecordType, rest.join(':') || sourceKey),
    attachmentBytes: bytes,
    // As the engine's: each note is kept once (a connector may say a limit at create and again at complete).
    note: (text) => void (notes.includes(text) || notes.push(text)),
    // As the engine's: a kept value is a done step of its own.
    remember: (key, value) => steps.markStep(type as RecordType, rest.join(':') || sourceKey, `kept:${key}`, 'done', value),
    recall: (key) => {
      const kept = steps.step(type as RecordType, rest.join(':') || sourceKey, `kept:${key}`);
      return kept ? (kept.targetId ?? '') : undefined;
    },
  };
}

/** Creates a record as the engine does: the record once (found by its marker, or by its own fields, after a lost answer), then its children. */
export async function writeRecord<T extends RecordType>(target: TargetSession, type: T, record: RecordOf[T], context: WriteContext): Promise<Id> {
  const id = await context.once('create', () => target.create(type, record, context), () => target.findByMarker(type, context.sourceKey, record));
  await target.complete?.(type, id, record, context);
  return id;
}
