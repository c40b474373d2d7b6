// A reopened demo asks its emulators for the ports they had; when another program holds one, the
// emulator's start must fail (so the demo host takes another port), not crash the process.
import test from 'ava';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import {startEmulator} from '../source/app/registry.js';

for (const platform of ['zendesk', 'front'])
  test(`${platform}: an emulator asked for a port another program holds rejects with EADDRINUSE, and starts on a free one when asked again`, async (t) => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    t.teardown(() => holder.close());
    const port = (holder.address() as AddressInfo).port;
    const error = await t.throwsAsync(startEmulator(platform, {port, seed: 'empty'}));
    t.is((error as NodeJS.ErrnoException).code, 'EADDRINUSE');
    const emulator = await startEmulator(platform, {seed: 'empty'});
    t.teardown(() => emulator.close());
    t.not(new URL(emulator.url).port, String(port));
  });
