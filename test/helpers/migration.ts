// Shared set-up for integration tests: the two emulators on loopback with a small
// demo account, a migration folder with the demo plan, and ways to look inside.
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startDemoEnvironment, type DemoEnvironment, type DemoOptions} from '../../source/app/demo.js';
import {savePlan, type Plan} from '../../source/plan/plan.js';
import {smallDemoAccount} from '../../demo-data/generate.js';
import {Journal} from '../../source/engine/journal.js';

export interface Bed {
  dir: string;
  demo: DemoEnvironment;
  env: NodeJS.ProcessEnv;
  plan: Plan;
  savePlan(change?: (plan: Plan) => void): void;
  journal<T>(read: (journal: Journal) => T): T;
  targetRecords<T = any>(type: string): Promise<T[]>;
  sourceRecords<T = any>(type: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function testBed(options: DemoOptions & {tickets?: number} = {}): Promise<Bed> {
  const demo = await startDemoEnvironment({account: smallDemoAccount(options.tickets ?? 40), rateLimit: {off: true}, ...options});
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-it-'));
  const env = {...process.env, ...demo.env};
  const bed: Bed = {
    dir,
    demo,
    env,
    plan: demo.plan,
    savePlan(change) {
      change?.(bed.plan);
      savePlan(dir, bed.plan);
    },
    journal(read) {
      const journal = Journal.inFolder(dir);
      try {
        return read(journal);
      } finally {
        journal.close();
      }
    },
    targetRecords: (type) => records(demo.target.url, type),
    sourceRecords: (type) => records(demo.source.url, type),
    close: () => demo.close(),
  };
  // The emulators' limits are off; pace the client as fast too (tests that need pacing set their own).
  bed.savePlan((plan) => {
    plan.source.requestsPerMinute = 1_000_000;
    plan.target.requestsPerMinute = 1_000_000;
  });
  return bed;
}

async function records(url: string, type: string) {
  const response = await fetch(`${url}/__emulator/records/${type}`);
  if (!response.ok) throw new Error(`${url}/__emulator/records/${type}: ${response.status}`);
  const body = (await response.json()) as unknown;
  return (Array.isArray(body) ? body : (body as {records: unknown[]}).records) as any[];
}
