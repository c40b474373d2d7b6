// Benchmark: users, referrals and rewards exports (half users, a quarter each of referrals
// and rewards) validated, and converted to Advocate files, against csv-parse merely parsing
// the same three files. Each measurement runs in its own process, so its CPU time and peak
// memory (RSS, sampled every 20 ms, and the kernel's high-water mark) are its own. CPU time is
// the measure (the machine is shared): the ratio is ferry's CPU seconds over csv-parse's in
// the same run. The files go to os.tmpdir() and are deleted afterwards; nothing is committed.
// Run: npx tsx bench/referral-bench.ts [totalRows ...] [--keep] [--ids-in-memory USERS,REFERRALS]   (default 1000000)
// --ids-in-memory lowers the id tables' budget, so they move to disk early (memory that stays flat, at a CPU cost).
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse} from 'csv-parse';
import {runImport} from '../source/referral/engine.js';

const self = fileURLToPath(import.meta.url);

type Files = {users: string; referrals: string; rewards: string};

async function writeLines(file: string, header: string, rows: number, line: (i: number) => string) {
  const out = fs.createWriteStream(file);
  let chunk = header + '\n';
  for (let i = 0; i < rows; i++) {
    chunk += line(i) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}

async function generate(dir: string, total: number): Promise<Files> {
  const users = Math.floor(total / 2);
  const referrals = Math.floor(total / 4);
  const rewards = total - users - referrals;
  const locales = ['en_US', 'fr_FR', 'de_DE', 'en-GB'];
  const start = Date.UTC(2021, 0, 1);
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');
  const files = {users: path.join(dir, 'users.csv'), referrals: path.join(dir, 'referrals.csv'), rewards: path.join(dir, 'rewards.csv')};
  await writeLines(files.users, 'Email,First Name,Last Name,Signup Date,Locale,Country,Referral Code,customFields.tier', users, (i) => `user${i}@example.com,First${i % 977},"Last, ${i % 1013}",${iso(start + ((i * 7919) % 94_608_000) * 1000)},${locales[i % 4]},${i % 3 ? 'US' : 'FR'},CODE${i},${i % 5 ? 'gold' : 'silver'}`);
  // Referral i: user i refers user (i + users/2); each user is referred once.
  const half = Math.floor(users / 2);
  await writeLines(files.referrals, 'Advocate Email,Friend Email,Referred Date,Converted Date', referrals, (i) => `user${i % half}@example.com,user${(i % half) + half}@example.com,${iso(start + i * 1000)},${i % 3 ? iso(start + i * 1000 + 86_400_000) : ''}`);
  await writeLines(files.rewards, 'Advocate Email,Friend Email,Reward Name,Amount,Currency,Date Given,Amount Redeemed,Date Redeemed', rewards, (i) => {
    const r = i % Math.max(1, referrals);
    return `user${r % half}@example.com,user${(r % half) + half}@example.com,Referral credit,$${(i % 40) + 1}.00,USD,${iso(start + r * 1000 + 2 * 86_400_000)},${i % 4 ? '' : '5.00'},${i % 4 ? '' : iso(start + r * 1000 + 3 * 86_400_000)}`;
  });
  return files;
}

function sampleMemory() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  };
}

async function measure(mode: string, files: Files, idsInMemory?: {users: number; referrals: number}) {
  const stop = sampleMemory();
  const cpuStart = process.cpuUsage();
  let rows = 0;
  if (mode === 'csv-parse') {
    for (const file of Object.values(files)) {
      const parser = fs.createReadStream(file).pipe(parse({bom: true, relax_column_count: true}));
      for await (const _record of parser) rows++;
      rows--; // header
    }
  } else {
    const outDir = mode === 'convert' ? fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-out-')) : undefined;
    const result = await runImport({files, outDir, format: 'csv', idsInMemory});
    rows = Object.values(result.files).reduce((n, f) => n + f.rowsRead, 0);
    const invalid = Object.values(result.files).reduce((n, f) => n + f.invalid, 0);
    if (invalid) throw new Error(`${invalid} rows invalid: the generated export should be clean (${JSON.stringify(result.byCode)})`);
    if (outDir) fs.rmSync(outDir, {recursive: true, force: true});
  }
  const cpu = process.cpuUsage(cpuStart);
  process.stdout.write(JSON.stringify({mode, rows, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRss: stop()}) + '\n');
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return measure(args[1]!, JSON.parse(args[2]!), args[3] ? JSON.parse(args[3]) : undefined);
  const budget = args.includes('--ids-in-memory') ? args[args.indexOf('--ids-in-memory') + 1]!.split(',').map(Number) : undefined;
  const idsInMemory = budget ? JSON.stringify({users: budget[0], referrals: budget[1]}) : undefined;
  const sizes = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--ids-in-memory').map(Number);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const table = [line(['rows (3 files)', 'csv-parse CPU s', 'validate CPU s', 'validate / csv-parse', 'convert CPU s', 'convert / csv-parse', 'peak RSS MB: csv-parse / validate / convert']), line(['---:', '---:', '---:', '---:', '---:', '---:', '---:'])];
  for (const total of sizes.length ? sizes : [1_000_000]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-'));
    process.stderr.write(`Generating ${total.toLocaleString('en-US')} rows in ${dir} … `);
    const files = await generate(dir, total);
    process.stderr.write(`${(Object.values(files).reduce((n, f) => n + fs.statSync(f).size, 0) / 1e6).toFixed(0)} MB\n`);
    const results: Record<string, {rows: number; cpuSeconds: number; peakRss: number}> = {};
    for (const mode of ['csv-parse', 'validate', 'convert']) {
      const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', mode, JSON.stringify(files), ...(idsInMemory ? [idsInMemory] : [])], {encoding: 'utf8', maxBuffer: 1 << 20});
      if (child.status !== 0) throw new Error(`${mode} run failed: ${child.stderr}`);
      results[mode] = JSON.parse(child.stdout.trim().split('\n').pop()!);
      process.stderr.write(`  ${mode}: ${JSON.stringify(results[mode])}\n`);
    }
    if (!args.includes('--keep')) fs.rmSync(dir, {recursive: true, force: true});
    const [base, validate, convert] = [results['csv-parse']!, results.validate!, results.convert!];
    table.push(line([total.toLocaleString('en-US'), base.cpuSeconds.toFixed(2), validate.cpuSeconds.toFixed(2), `${(validate.cpuSeconds / base.cpuSeconds).toFixed(2)}x`, convert.cpuSeconds.toFixed(2), `${(convert.cpuSeconds / base.cpuSeconds).toFixed(2)}x`, [base, validate, convert].map((r) => (r.peakRss / 1e6).toFixed(0)).join(' / ')]));
  }
  console.log(table.join('\n'));
  if (budget) console.log(`\nId tables kept at most ${budget[0]!.toLocaleString('en-US')} user ids and ${budget[1]!.toLocaleString('en-US')} referrals in memory (--ids-in-memory).`);
  console.log(`\nNode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; goals: validate ≤ 1.1x, convert ≤ 1.5x csv-parse's CPU, peak RSS < 250 MB.`);
}

await main();
