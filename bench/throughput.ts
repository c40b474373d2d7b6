// Benchmark 2: with rate limits off, records per second through the whole engine
// (read, map, write, journal) and the engine's CPU per record. The emulators run
// in a child process so the CPU figures are the engine's own.
//   npx tsx bench/throughput.ts
import {spawn} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {savePlan, type Plan} from '../source/plan/plan.js';
import {runMigration} from '../source/app/migration.js';
import {RECORD_TYPES} from '../source/contracts/model.js';

const host = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./emulator-host.ts', import.meta.url))], {stdio: ['pipe', 'pipe', 'inherit']});
const line = await new Promise<string>((resolve) => createInterface({input: host.stdout!}).once('line', resolve));
const {plan, env} = JSON.parse(line) as {plan: Plan; env: Record<string, string>};
plan.source.requestsPerMinute = 1_000_000;
plan.target.requestsPerMinute = 1_000_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-throughput-'));
savePlan(dir, plan);

let requests = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await runMigration({dir, mode: 'full', env: {...process.env, ...env}, onEvent: (e) => void (e.type === 'http' && e.event.type === 'request' && requests++)});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
host.stdin!.end();

const records = RECORD_TYPES.reduce((sum, type) => sum + (result.types[type]?.total ?? 0), 0);
const tickets = result.types.tickets?.total ?? 0;
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(`\nThroughput benchmark (limits off, journal on, full demo account), run ${result.status}\n`);
console.log('| records | tickets | API requests | seconds | records/s | requests/s | engine CPU ms/record | engine CPU ms/ticket incl. children |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(`| ${records} | ${tickets} | ${requests} | ${seconds.toFixed(1)} | ${(records / seconds).toFixed(1)} | ${(requests / seconds).toFixed(0)} | ${(cpuMs / records).toFixed(2)} | ${(cpuMs / Math.max(1, tickets)).toFixed(2)} |`);
