import test from 'ava';
import {migrate} from './helpers/people.js';
for (const source of ['helpscout', 'front', 'intercom']) {
  test.serial(source, async (t) => {
    t.timeout(240_000);
    const r = await migrate(t, source, 'zendesk');
    t.log(JSON.stringify({read: r.read, reason: r.contactRow.reason, contact: r.contact, orgRow: r.orgRow, org: r.organization}, null, 1));
    t.pass();
  });
}
