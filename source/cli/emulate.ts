// ferry emulate: start a platform emulator by hand, for trying ferry or a script
// against it without an account. Runs until interrupted.
import {parseArgs} from 'node:util';
import {findConnector, emulatedPlatforms, startEmulator} from '../app/registry.js';
import type {Io} from './args.js';

export async function emulateCommand(argv: string[], io: Io): Promise<number> {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {port: {type: 'string'}, tier: {type: 'string'}, empty: {type: 'boolean'}, target: {type: 'boolean'}, help: {type: 'boolean', short: 'h'}},
  });
  const usage = `ferry emulate ${emulatedPlatforms().join('|')} [--port N] [--tier NAME] [--empty|--target]\n  --empty   start with no data; --target  start as the demo target (agents and a few existing records)`;
  if (values.help) return io.stdout.write(usage + '\n'), 0;
  const connector = findConnector(positionals[0] ?? '');
  if (!connector) {
    io.stderr.write(`ferry: say which platform to emulate: ${emulatedPlatforms().join(' or ')}\n${usage}\n`);
    return 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    io.stderr.write(`ferry: --port "${values.port}" is not a port number\n`);
    return 2;
  }
  if (values.tier && !connector.tiers[values.tier]) {
    io.stderr.write(`ferry: --tier "${values.tier}" is not a ${connector.label} plan; use one of ${Object.keys(connector.tiers).join(', ')}\n`);
    return 2;
  }
  let emulator;
  try {
    emulator = await startEmulator(connector.id, {port, tier: values.tier, seed: values.empty ? 'empty' : values.target ? 'target' : 'source'});
  } catch (error) {
    io.stderr.write(`ferry: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout.write(`${connector.label} emulator (${emulator.tier} plan) listening on ${emulator.url}\n`);
  io.stdout.write(`Auth kind: ${emulator.authKind}\n`);
  for (const [key, value] of Object.entries(emulator.credentials)) io.stdout.write(`  ${key}: ${value}\n`);
  io.stdout.write(`What it holds: ${emulator.url}/__emulator/state\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
