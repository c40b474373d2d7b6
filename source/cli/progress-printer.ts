// Headless progress: one line per record type as it finishes, rate-limit waits,
// and stop messages, on stderr so --json output stays clean. A type's line reads
// the journal's counts (the same numbers as the console and the reports); the
// engine's events are counted only when no journal reader is given.
import type {EngineListener} from '../engine/events.js';
import {RECORD_TYPE_LABELS, type RecordType} from '../contracts/model.js';
import type {CountsByType} from '../engine/outcomes.js';

export function createProgressPrinter(stream: NodeJS.WritableStream, journalCounts?: (runId: number) => CountsByType): EngineListener {
  const counts = new Map<RecordType, {migrated: number; failed: number; skipped: number}>();
  let lastWaitNotice = 0;
  let runId: number | undefined;
  return (event) => {
    switch (event.type) {
      case 'run_started':
        runId = event.runId;
        stream.write(`${event.resumed ? 'Resuming' : 'Starting'} ${event.mode} run ${event.runId}\n`);
        break;
      case 'log':
        stream.write(`  ${event.message}\n`);
        break;
      case 'type_started':
        stream.write(`  ${RECORD_TYPE_LABELS[event.recordType]}${event.total !== undefined ? `: ${event.total} to go through` : ''}\n`);
        break;
      case 'record': {
        const c = counts.get(event.recordType) ?? {migrated: 0, failed: 0, skipped: 0};
        c[event.status]++;
        counts.set(event.recordType, c);
        break;
      }
      case 'type_finished': {
        const journalled = runId !== undefined && journalCounts ? journalCounts(runId)[event.recordType] : undefined;
        const c = journalled ?? {...(counts.get(event.recordType) ?? {migrated: 0, failed: 0, skipped: 0}), warnings: 0, referenced: 0};
        const extras = [c.warnings ? `${c.warnings} of them with warnings` : '', c.referenced ? `${c.referenced} pulled in as references` : ''].filter(Boolean);
        stream.write(`  ${RECORD_TYPE_LABELS[event.recordType]} done: ${c.migrated} migrated${extras.length ? ` (${extras.join(', ')})` : ''}, ${c.failed} failed, ${c.skipped} skipped\n`);
        break;
      }
      case 'http':
        if (event.event.type === 'rate_wait' && Date.now() - lastWaitNotice > 10_000) {
          lastWaitNotice = Date.now();
          stream.write(`  ${event.event.side} rate limit: waiting until ${new Date(event.event.untilMs).toLocaleTimeString()}\n`);
        }
        if (event.event.type === 'live_limit') stream.write(`  ${event.event.side} account's live limit is ${event.event.requestsPerMinute} requests/minute: pacing to it\n`);
        if (event.event.type === 'shared_budget')
          stream.write(event.event.othersPerMinute > 0 ? `  another app uses about ${event.event.othersPerMinute} requests/minute of the ${event.event.side} account's budget: pacing to the ${event.event.requestsPerMinute} that remain\n` : `  the ${event.event.side} account's budget is ferry's again: pacing at ${event.event.requestsPerMinute} requests/minute\n`);
        break;
      case 'paused':
        stream.write(event.paused ? '  Paused\n' : '  Resumed\n');
        break;
      default:
        break;
    }
  };
}
