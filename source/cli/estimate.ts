// `ferry estimate`: how long the plan's migration will take, from the live accounts'
// counts and limits, recalibrated by the folder's last demo (or full) run when there is one;
// with --counts, any account size on any pair and plan, without connecting.
import {existsSync} from 'node:fs';
import {folderOf, parse, UsageError, withDir, type Io} from './args.js';
import {loadPlan, planPath, type Endpoint, type Plan} from '../plan/plan.js';
import {findConnector} from '../app/registry.js';
import {estimateForCounts, estimateForFolder, type CountsSide} from '../app/estimate.js';
import {COUNTS_BASIS, CountsError, parseCounts} from '../estimate/counts.js';
import {formatDuration, type Estimate, type Side} from '../estimate/estimator.js';
import {RECORD_TYPE_LABELS} from '../contracts/model.js';

const USAGE = `ferry estimate [--dir D] [--json] [--source-tier T] [--target-tier T] [--source-rpm N] [--target-rpm N]
ferry estimate --counts tickets=N,contacts=N,... [--source P --target P] [--source-tier T] [--target-tier T] [--source-rpm N] [--target-rpm N] [--json]
  --counts   records per type (ticket_fields, groups, organizations, agents, contacts, tickets,
             kb_categories, kb_sections, kb_articles) and totals over all tickets (comments,
             attachments, inline_images); estimated without connecting to either account.
             --source and --target name the platforms (the folder's plan gives them when there is one).`;

export async function estimateCommand(argv: string[], io: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv; cwd: string}): Promise<number> {
  const {values} = parse(argv, {
    dir: {type: 'string'},
    json: {type: 'boolean'},
    'source-tier': {type: 'string'},
    'target-tier': {type: 'string'},
    'source-rpm': {type: 'string'},
    'target-rpm': {type: 'string'},
    counts: {type: 'string'},
    source: {type: 'string'},
    target: {type: 'string'},
  });
  if (values.help) return io.stdout.write(`${USAGE}\n`), 0;
  const dir = folderOf(values, io as Io);
  if (values.counts !== undefined) return countsCommand(values, dir, io);
  if (values.source !== undefined || values.target !== undefined) throw new UsageError('--source and --target go with --counts (a folder estimate reads its plan\'s platforms)');
  const original = loadPlan(dir);
  const plan: Plan = structuredClone(original);
  for (const side of ['source', 'target'] as const) plan[side] = withOverrides(plan[side], side, values[`${side}-tier`], values[`${side}-rpm`]);

  // Gathered at the plan's own limits (a what-if tier must not slow the reading down).
  const {estimate: result, notes, sample} = await estimateForFolder(dir, original, io.env, plan);
  if (values.json) io.stdout.write(JSON.stringify({...result, notes, sample}) + '\n');
  else io.stdout.write(withDir(formatEstimate(plan, result, notes), dir, io.cwd) + '\n');
  return 0;
}

/** `--counts`: the typed counts on the named (or the plan's) platforms and tiers, no connection. */
function countsCommand(values: Record<string, string | boolean | undefined>, dir: string, io: {stdout: NodeJS.WritableStream; cwd: string}): number {
  const plan = existsSync(planPath(dir)) ? loadPlan(dir) : undefined;
  const sides = {} as Record<'source' | 'target', CountsSide>;
  for (const side of ['source', 'target'] as const) {
    const named = values[side];
    const platform = typeof named === 'string' ? named : plan?.[side].platform;
    if (!platform) throw new UsageError(`--counts needs --${side} PLATFORM (no plan.json in ${dir} to take it from)`);
    // The plan's tier and limit hold only for the plan's own platform.
    const fromPlan = plan && plan[side].platform === platform ? plan[side] : undefined;
    const tier = values[`${side}-tier`];
    const rpm = values[`${side}-rpm`];
    sides[side] = {platform, ...(typeof tier === 'string' ? {tier} : fromPlan ? {tier: fromPlan.tier} : {})};
    if (typeof rpm === 'string') sides[side].requestsPerMinute = positiveRate(side, rpm);
    else if (fromPlan?.requestsPerMinute !== undefined && typeof tier !== 'string') sides[side].requestsPerMinute = fromPlan.requestsPerMinute;
  }
  let typed;
  try {
    typed = parseCounts(String(values.counts));
  } catch (error) {
    if (error instanceof CountsError) throw new UsageError(`--counts: ${error.message}`);
    throw error;
  }
  try {
    const samePair = plan && plan.source.platform === sides.source.platform && plan.target.platform === sides.target.platform;
    const {estimate: result, notes} = estimateForCounts(typed, sides, samePair ? plan : undefined);
    if (values.json) io.stdout.write(JSON.stringify({...result, notes}) + '\n');
    else {
      const name = `${Object.entries(typed.counts).map(([type, n]) => `${n} ${type}`).join(', ')} from ${sides.source.platform} to ${sides.target.platform}`;
      io.stdout.write(withDir(formatEstimate({name, source: {platform: sides.source.platform}, target: {platform: sides.target.platform}}, result, notes, COUNTS_BASIS), dir, io.cwd) + '\n');
    }
    return 0;
  } catch (error) {
    if (error instanceof CountsError) throw new UsageError(error.message);
    throw error;
  }
}

function positiveRate(side: string, rpm: string): number {
  const perMinute = Number(rpm);
  if (!Number.isFinite(perMinute) || perMinute <= 0) throw new UsageError(`--${side}-rpm must be a positive number of requests per minute (got "${rpm}")`);
  return perMinute;
}

function withOverrides(endpoint: Endpoint, side: Side, tier: unknown, rpm: unknown): Endpoint {
  const next = {...endpoint};
  if (typeof tier === 'string') {
    const connector = findConnector(endpoint.platform)!;
    if (!connector.tiers[tier]) throw new UsageError(`--${side}-tier "${tier}" is not a ${connector.label} plan; use one of ${Object.keys(connector.tiers).join(', ')}`);
    next.tier = tier;
    // A tier asked for here replaces the plan's custom limit, unless a limit is typed too.
    delete next.requestsPerMinute;
  }
  if (typeof rpm === 'string') next.requestsPerMinute = positiveRate(side, rpm);
  return next;
}

export function formatEstimate(plan: {name: string; source: {platform: string}; target: {platform: string}}, result: Estimate, notes: string[] = [], uncalibrated = 'Not calibrated yet: run a demo migration (ferry run --mode demo) and estimate again for a figure from real calls.'): string {
  const header = ['Record type', 'Records', 'Source calls', 'Target calls', 'Duration', ''];
  const longest = Math.max(1, ...result.types.map((t) => t.durationMs));
  const rows = result.types.map((t) => [
    RECORD_TYPE_LABELS[t.type],
    String(Math.round(t.records)),
    String(Math.round(t.calls.source)),
    String(Math.round(t.calls.target)),
    formatDuration(t.durationMs),
    '█'.repeat(Math.max(t.durationMs > 0 ? 1 : 0, Math.round((t.durationMs / longest) * 30))),
  ]);
  const total = ['All', '', String(Math.round(result.calls.source)), String(Math.round(result.calls.target)), formatDuration(result.durationMs), ''];
  const all = [header, ...rows, total];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 || i === 5 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ').trimEnd();
  const out = [
    `Estimate for ${plan.name}: about ${formatDuration(result.durationMs)}`,
    `  Source ${plan.source.platform}: ${result.limits.source.note}`,
    `  Target ${plan.target.platform}: ${result.limits.target.note}`,
    '',
    line(header),
    rule,
    ...rows.map(line),
    rule,
    line(total),
    '',
    `Bottleneck: ${result.bottleneck.description}`,
  ];
  if (result.whatIf.length) {
    out.push('', 'What would change it:');
    for (const w of result.whatIf) out.push(`  ${w.change}: ${formatDuration(w.durationMs)} (${w.deltaMs <= 0 ? '-' : '+'}${formatDuration(Math.abs(w.deltaMs))}, ${Math.round((w.deltaMs / Math.max(1, result.durationMs)) * 100)}%)`);
  }
  if (result.calibration) out.push('', result.calibration.note);
  else out.push('', uncalibrated);
  for (const note of notes) out.push(`Note: ${note}`);
  return out.join('\n');
}
