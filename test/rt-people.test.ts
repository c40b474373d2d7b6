// Issue 20 rule 4 with a REAL Request Tracker 5 as the source: an RT user's email and its three phone
// fields (WorkPhone, MobilePhone, HomePhone) and its Organization text arrive whole on the Zendesk
// emulator, which holds them all (identities). Needs RT (test/rt-fixtures.ts): skipped LOUDLY without.
import test from 'ava';
import {startEmulator} from '../source/app/registry.js';
import {runMigration} from '../source/app/migration.js';
import {defaultPlan, savePlan} from '../source/plan/plan.js';
import {emailsOf, phonesOf, type Organization, type Person} from '../source/contracts/model.js';
import {smallDemoAccount} from '../demo-data/generate.js';
import {hasWarning} from '../source/engine/outcomes.js';
import {requestTrackerConnector} from '../connectors/request-tracker/index.js';
import {basicSettings, RT_URL, RUN, whenRtAvailable} from './rt-fixtures.js';
import {emulatorEndpoint, emulatorRecords, migrationFolder, readJournal, rtEndpoint} from './helpers/rt.js';

const names = ['RT -> Zendesk emulator: a user\'s email, three phones and organization arrive whole'];

await whenRtAvailable(test, names, () => {
  test.serial(names[0]!, async (t) => {
    t.timeout(10 * 60_000);
    const user = {Name: `people-${RUN}`, EmailAddress: `people-${RUN}@rt-people.test`, RealName: `People ${RUN}`, WorkPhone: '+1 555 0100', MobilePhone: '+1 555 0101', HomePhone: '+1 555 0102', Organization: `Whole People ${RUN}`};
    const created = await fetch(`${RT_URL}/REST/2.0/user`, {
      method: 'POST',
      headers: {...requestTrackerConnector.authHeaders(basicSettings()), 'Content-Type': 'application/json'},
      body: JSON.stringify(user),
    });
    t.is(created.status, 201, await created.text());

    const zendesk = await startEmulator('zendesk', {seed: 'target', account: smallDemoAccount(12), rateLimit: {off: true}});
    t.teardown(() => zendesk.close());
    const rt = rtEndpoint();
    const target = emulatorEndpoint(zendesk, 'zendesk', 'TARGET');
    const plan = defaultPlan(rt.endpoint, target.endpoint);
    // People only, and only those created today: the shared RT keeps other tests' tickets and users.
    plan.recordTypes = ['organizations', 'contacts'];
    plan.filters.createdFrom = new Date().toISOString().slice(0, 10);
    plan.target.requestsPerMinute = 1_000_000;
    const dir = migrationFolder();
    savePlan(dir, plan);
    const result = await runMigration({dir, mode: 'full', env: {...process.env, ...rt.env, ...target.env}});
    t.is(result.status, 'finished', result.message);

    const contactRow = readJournal(dir, (j) => j.record('contacts', user.Name))!;
    const orgRow = readJournal(dir, (j) => j.record('organizations', user.Organization))!;
    t.is(contactRow?.status, 'migrated', contactRow?.reason ?? 'not in the journal');
    t.is(orgRow?.status, 'migrated', orgRow?.reason ?? 'not in the journal');
    t.false(hasWarning(contactRow), contactRow.reason ?? '');
    const contact = (await emulatorRecords<Person>(zendesk.url, 'contacts')).find((c) => c.id === contactRow.targetId)!;
    const organization = (await emulatorRecords<Organization>(zendesk.url, 'organizations')).find((o) => o.id === orgRow.targetId)!;
    t.deepEqual(
      {name: contact.name, emails: emailsOf(contact), phones: phonesOf(contact), organizationId: contact.organizationId, customFields: contact.customFields},
      {name: user.RealName, emails: [user.EmailAddress], phones: [user.WorkPhone, user.MobilePhone, user.HomePhone], organizationId: orgRow.targetId, customFields: undefined},
    );
    t.is(organization.name, user.Organization);
  });
});
