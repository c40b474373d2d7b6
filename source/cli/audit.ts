// ferry audit: what would fail or duplicate, read from both accounts before anything is written.
import {auditFolder, FINDING_TITLES, type FindingKind} from '../prepare/audit.js';
import {loadPlan} from '../plan/plan.js';
import {openFolderSides} from '../app/sides.js';
import {folderOf, parse, type Io} from './args.js';

export async function auditCommand(argv: string[], io: Io): Promise<number> {
  const {values} = parse(argv, {dir: {type: 'string'}, json: {type: 'boolean'}});
  const dir = folderOf(values, io);
  const plan = loadPlan(dir);
  // The audit only reads: an unreachable server is said at once rather than after a minute of retries.
  const sides = await openFolderSides(dir, plan, {env: io.env, failFastOnUnreachable: true});
  const findings = await auditFolder(dir, plan, sides.sourceSession, sides.targetSession, values.json ? undefined : (text) => io.stderr.write(`  ${text}\n`));
  if (values.json) {
    io.stdout.write(JSON.stringify({findings}) + '\n');
    return 0;
  }
  if (!findings.length) {
    io.stdout.write('The audit found nothing that would fail or duplicate.\n');
    return 0;
  }
  for (const kind of Object.keys(FINDING_TITLES) as FindingKind[]) {
    const list = findings.filter((f) => f.kind === kind);
    if (!list.length) continue;
    io.stdout.write(`\n${FINDING_TITLES[kind]} (${list.length})\n`);
    for (const finding of list) io.stdout.write(`  - ${finding.message}\n`);
  }
  io.stdout.write(`\n${findings.length} findings. Fix them in the source, or adjust the plan (field defaults, fallback agent, fallback requester), before the full migration.\n`);
  return 0;
}
