// Benchmark: a 1,000,000-row users export validated and converted to Advocate files,
// against csv-parse merely parsing the same file. Each measurement runs in its own
// process so peak memory (RSS, sampled every 20 ms) is its own. The big file goes
// to os.tmpdir() and is deleted afterwards; nothing is committed.
// ferry splits well-formed CSV itself (source/referral/records.ts) and hands anything
// irregular to csv-parse from that record on, so on a clean export it can beat the baseline.
// Run: npx tsx bench/referral-bench.ts [rows] [--keep]
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse} from 'csv-parse';
import {runImport} from '../source/referral/engine.js';

const self = fileURLToPath(import.meta.url);

async function generate(file: string, rows: number) {
  const out = fs.createWriteStream(file);
  const locales = ['en_US', 'fr_FR', 'de_DE', 'en-GB'];
  let chunk = 'Email,First Name,Last Name,Signup Date,Locale,Country,Referral Code,customFields.tier\n';
  const start = Date.UTC(2021, 0, 1);
  for (let i = 0; i < rows; i++) {
    const created = new Date(start + (i * 7919) % 94_608_000 * 1000).toISOString().replace('.000Z', '+00:00');
    chunk += `user${i}@example.com,First${i % 977},"Last, ${i % 1013}",${created},${locales[i % 4]},${i % 3 ? 'US' : 'FR'},CODE${i},${i % 5 ? 'gold' : 'silver'}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}

function sampleMemory() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function measure(mode: string, file: string) {
  const stop = sampleMemory();
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let rows = 0;
  if (mode === 'csv-parse') {
    const parser = fs.createReadStream(file).pipe(parse({bom: true, relax_column_count: true}));
    for await (const _record of parser) rows++;
    rows--; // header
  } else if (mode === 'ferry-validate') {
    const result = await runImport({files: {users: file}});
    rows = result.files.users!.rowsRead;
  } else {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-out-'));
    const result = await runImport({files: {users: file}, outDir, format: 'csv'});
    rows = result.files.users!.rowsRead;
    fs.rmSync(outDir, {recursive: true, force: true});
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  process.stdout.write(JSON.stringify({mode, rows, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRss: stop()}) + '\n');
}

async function main() {
  const [, , first, second] = process.argv;
  if (first === '--child') return measure(second!, process.argv[4]!);
  const rows = Number(first ?? 1_000_000);
  const file = path.join(os.tmpdir(), `ferry-bench-users-${rows}.csv`);
  process.stdout.write(`Generating ${rows.toLocaleString('en-US')} users into ${file} … `);
  await generate(file, rows);
  const size = fs.statSync(file).size;
  process.stdout.write(`${(size / 1e6).toFixed(0)} MB\n`);
  const results: Array<{mode: string; rows: number; seconds: number; cpuSeconds: number; peakRss: number}> = [];
  for (const mode of ['csv-parse', 'ferry-validate', 'ferry']) {
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', mode, file], {encoding: 'utf8', maxBuffer: 1 << 20});
    if (child.status !== 0) throw new Error(`${mode} run failed: ${child.stderr}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').pop()!));
  }
  if (!process.argv.includes('--keep')) fs.rmSync(file, {force: true});
  const base = results[0]!;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  // CPU seconds are shown too: on a shared machine they are steadier than wall time.
  console.log('\n' + line(['run', 'rows', 'wall s', 'CPU s', 'rows/s (wall)', 'MB/s', 'speed vs csv-parse (wall / CPU)', 'peak RSS MB']));
  console.log(line(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const r of results)
    console.log(line([r.mode === 'ferry' ? 'ferry validate+convert+write files' : r.mode === 'ferry-validate' ? 'ferry validate+convert (no files)' : 'csv-parse alone', r.rows.toLocaleString('en-US'), r.seconds.toFixed(2), r.cpuSeconds.toFixed(2), Math.round(r.rows / r.seconds).toLocaleString('en-US'), (size / 1e6 / r.seconds).toFixed(1), `${((base.seconds / r.seconds) * 100).toFixed(0)}% / ${((base.cpuSeconds / r.cpuSeconds) * 100).toFixed(0)}%`, (r.peakRss / 1e6).toFixed(0)]));
  console.log(`\nNode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; target: ≥ 60% of csv-parse speed, peak < 200 MB.`);
}

await main();
