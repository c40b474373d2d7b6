// ferry emulate: start a platform emulator by hand, for trying ferry or a script
// against it without an account. Runs until interrupted.
import {findConnector, emulatedPlatforms, startEmulator} from '../app/registry.js';
import {parse, UsageError, type Io} from './args.js';
import {RunStopError} from '../contracts/errors.js';

export async function emulateCommand(argv: string[], io: Io): Promise<number> {
  const {values, positionals} = parse(argv, {port: {type: 'string'}, tier: {type: 'string'}, empty: {type: 'boolean'}, target: {type: 'boolean'}, json: {type: 'boolean'}});
  const usage = `ferry emulate ${emulatedPlatforms().join('|')} [--port N] [--tier NAME] [--empty|--target] [--json]\n  --empty   start with no data; --target  start as the demo target (agents and a few existing records)\n  --json    print where it listens and its credentials as one JSON object`;
  if (values.help) return io.stdout.write(usage + '\n'), 0;
  const connector = findConnector(positionals[0] ?? '');
  if (!connector) throw new UsageError(`say which platform to emulate: ${emulatedPlatforms().join(' or ')}\n${usage}`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port "${values.port}" is not a port number`);
  if (typeof values.tier === 'string' && !connector.tiers[values.tier]) throw new UsageError(`--tier "${values.tier}" is not a ${connector.label} plan; use one of ${Object.keys(connector.tiers).join(', ')}`);
  const emulator = await startEmulator(connector.id, {port, tier: values.tier as string | undefined, seed: values.empty ? 'empty' : values.target ? 'target' : 'source'}).catch((error: Error) => {
    throw new RunStopError(`the ${connector.label} emulator did not start: ${error.message}`, 'Choose another port with --port N, or leave it out for a free one.');
  });
  if (values.json) io.stdout.write(JSON.stringify({platform: connector.id, url: emulator.url, tier: emulator.tier, authKind: emulator.authKind, credentials: emulator.credentials, state: `${emulator.url}/__emulator/state`}) + '\n');
  else {
    io.stdout.write(`${connector.label} emulator (${emulator.tier} plan) listening on ${emulator.url}\n`);
    io.stdout.write(`Auth kind: ${emulator.authKind}\n`);
    for (const [key, value] of Object.entries(emulator.credentials)) io.stdout.write(`  ${key}: ${value}\n`);
    io.stdout.write(`What it holds: ${emulator.url}/__emulator/state\nPress Ctrl+C to stop.\n`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
