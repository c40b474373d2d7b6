// Issue 11, Advocate: ferry's GraphQL documents fit the public schema, the emulator refuses
// what the schema does not allow (as the real service would), and the client's requests and
// parsing match the vendor's documented examples (test/fixtures/advocate, each with its _source).
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {parse, validate} from 'graphql';
import {AdvocateClient, type AdvocateJob} from '../connectors/advocate/client.js';
import {startAdvocateEmulator} from '../connectors/advocate/emulator.js';
import {ADVOCATE_QUERIES, advocateSchema} from '../connectors/advocate/graphql.js';
import type {HttpResponse, Transport} from '../source/contracts/http.js';
import {runImport} from '../source/referral/engine.js';
import {loadOutputs} from '../source/referral/load.js';
import {HISTORY_PARAMS} from '../source/referral/outputs.js';
import {tempDir, writeCsv} from './referral-helpers.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/advocate');
const fixture = <T = Record<string, any>>(name: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
const withoutSource = (value: Record<string, any>): Record<string, any> => Object.fromEntries(Object.entries(value).filter(([key]) => key !== '_source'));
const KEY = 'test-api-key-4242';
const TENANT = 'test_ferry';

type Sent = Parameters<Transport>[0];
/** A transport that records what the client sends and answers from a table. */
function recording(answer: (request: Sent) => unknown): {transport: Transport; sent: Sent[]} {
  const sent: Sent[] = [];
  const transport: Transport = async (request) => {
    sent.push(request);
    const body = answer(request);
    return {status: 200, headers: {}, body: request.responseType === 'buffer' ? Buffer.from(String(body)) : body, url: request.absoluteUrl} as HttpResponse;
  };
  return {transport, sent};
}

async function graphqlAt(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/api/v1/${TENANT}/graphql`, {method: 'POST', headers: {authorization: 'Basic ' + Buffer.from(':' + KEY).toString('base64'), 'content-type': 'application/json'}, body: JSON.stringify({query, variables})});
  return {status: response.status, body: (await response.json()) as {data?: unknown; errors?: Array<{message: string; locations?: unknown}>}};
}

test('every GraphQL document the client sends is valid against the schema built from the public one', (t) => {
  for (const [name, query] of Object.entries(ADVOCATE_QUERIES)) t.deepEqual(validate(advocateSchema(), parse(query)).map((e) => e.message), [], name);
});

test('the emulator refuses what the schema does not allow, in GraphQL\'s error shape with HTTP 200', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY});
  t.teardown(() => emulator.close());
  const cases: Array<[string, RegExp]> = [
    ['query { job(id: "x") { id stats { recordsProcessed errors total } } }', /Cannot query field "total" on type "JobStats"/],
    ['mutation ($jobInput: JobInput!) { validateJobInput(jobInput: $jobInput) { success } }', /Cannot query field "validateJobInput" on type "Mutation"/],
    ['query { jobs(filter: {status_eq: IN_PROGRESS}) { data { id } } }', /Value "IN_PROGRESS" does not exist in "JobStatus" enum/],
    ['query { job(id: "x") { id', /Syntax Error/],
  ];
  for (const [query, message] of cases) {
    const {status, body} = await graphqlAt(emulator.url, query);
    t.is(status, 200, query);
    t.is(body.data, undefined, 'a request that fails validation is not executed');
    t.regex(body.errors![0]!.message, message);
    t.true(Array.isArray(body.errors![0]!.locations), 'errors carry locations');
  }
  const wrongInput = await graphqlAt(emulator.url, ADVOCATE_QUERIES.CREATE_JOB, {jobInput: {type: 'MUTATION/USER', fileRef: 'x', total: 3}});
  t.regex(wrongInput.body.errors![0]!.message, /Field "total" is not defined by type "JobInput"/);
  t.is(emulator.state.jobs.size, 0);
  const notGraphql = await fetch(`${emulator.url}/api/v1/${TENANT}/graphql`, {method: 'POST', headers: {authorization: 'Basic ' + Buffer.from(':' + KEY).toString('base64'), 'content-type': 'application/json'}, body: '{"variables":{}}'});
  t.is(notGraphql.status, 400);
});

test('the emulator answers only the fields asked for, and no status outside the schema', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 5});
  t.teardown(() => emulator.close());
  const file = writeCsv(tempDir(), 'users.csv', 'id,accountId\na,a\n');
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY, baseUrl: emulator.url}, {requestsPerMinute: 60_000});
  const job = await client.createJob({type: 'MUTATION/USER', fileRef: await client.upload(file)});
  t.deepEqual(Object.keys(job).sort(), ['dateCompleted', 'dateCreated', 'downloadErrorUrl', 'downloadUrl', 'id', 'name', 'stats', 'status', 'type']);
  const seen = new Set<string>();
  for (let polled: AdvocateJob | null = job; polled && polled.status === 'PENDING'; polled = await client.job(job.id)) {
    seen.add(polled.status);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  seen.add((await client.job(job.id))!.status);
  t.deepEqual([...seen], ['PENDING', 'COMPLETED']);
});

test('documented upload: POST /api/v1/{tenant}/export/upload, multipart field "file", Basic auth with an empty user; the fileRef is read', async (t) => {
  const request = fixture('upload-request.json');
  const response = withoutSource(fixture('upload-response.json'));
  const {transport, sent} = recording(() => response);
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY}, {transport, requestsPerMinute: 60_000});
  const file = writeCsv(tempDir(), 'users-001.csv', 'id,accountId\na,a\n');
  t.is(await client.upload(file), response.fileRef);
  const [upload] = sent;
  t.is(upload!.method, request.method);
  t.is(new URL(upload!.absoluteUrl).pathname, request.path.replace('{tenant_alias}', TENANT));
  t.is(new URL(upload!.absoluteUrl).origin, 'https://app.referralsaasquatch.com');
  t.is(upload!.headers.authorization, 'Basic ' + Buffer.from(`${request.auth.user}:${KEY}`).toString('base64'));
  t.truthy(upload!.form?.get(request.multipartField));
  t.is((upload!.form!.get(request.multipartField) as File).name, 'users-001.csv');
});

test('documented GraphQL requests: POST /api/v1/{tenant}/graphql with {query, variables}; JobInput has only schema fields and the two documented inputs', async (t) => {
  const documented = fixture('graphql-request.json');
  const {transport, sent} = recording((request) => {
    const query = (request.json as {query: string}).query;
    if (query.includes('validateJobCreation')) return {data: {validateJobCreation: {errors: []}}};
    return {data: {createJob: {id: 'j1', type: 'MUTATION/USER', name: null, status: 'COMPLETED', dateCreated: 1, dateCompleted: 2, stats: {recordsProcessed: 1, errors: 0}, downloadUrl: null, downloadErrorUrl: null}}};
  });
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY}, {transport, requestsPerMinute: 60_000});
  const input = {type: 'MUTATION/USER', fileRef: fixture('upload-response.json').fileRef, name: 'ferry users', params: HISTORY_PARAMS};
  t.deepEqual(await client.validateJobCreation(input), {checked: true, errors: []});
  t.is((await client.createJob(input)).status, 'COMPLETED');
  const jobInputFields = Object.keys((advocateSchema().getType('JobInput') as import('graphql').GraphQLInputObjectType).getFields());
  for (const request of sent) {
    t.is(request.method, documented.method);
    t.is(new URL(request.absoluteUrl).pathname, documented.path.replace('{tenant_alias}', TENANT));
    t.is(request.headers.authorization, 'Basic ' + Buffer.from(`:${KEY}`).toString('base64'));
    const body = request.json as {query: string; variables: {jobInput: Record<string, unknown>}};
    t.deepEqual(Object.keys(body).sort(), documented.bodyFields);
    t.deepEqual(validate(advocateSchema(), parse(body.query)), []);
    for (const key of documented.jobInputRequired) t.truthy(body.variables.jobInput[key], key);
    for (const key of Object.keys(body.variables.jobInput)) t.true(jobInputFields.includes(key), `JobInput.${key}`);
  }
});

test('a documented Job with "stats": null parses; the job API has no total, so progress counts the rows ferry wrote', async (t) => {
  const documented = fixture('job-webhook-export-completed.json').data as Record<string, unknown>;
  const jobFields = ['id', 'name', 'status', 'dateCreated', 'dateCompleted', 'stats'];
  const asked = Object.fromEntries(jobFields.map((field) => [field, documented[field]]));
  const {transport} = recording((request) => {
    if (request.form) return {fileRef: 'imports/x.csv'};
    const query = (request.json as {query: string}).query;
    if (query.includes('validateJobCreation')) return {data: {validateJobCreation: {errors: []}}};
    return {data: {createJob: {...asked, type: 'MUTATION/USER', downloadUrl: null, downloadErrorUrl: null}}};
  });
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY}, {transport, requestsPerMinute: 60_000});
  const file = writeCsv(tempDir(), 'users-001.csv', 'id,accountId\na,a\nb,b\n');
  const progress: number[] = [];
  const [loaded] = await loadOutputs([{importType: 'users', jobType: 'MUTATION/USER', path: file, rows: 2}], client, {onProgress: (p) => progress.push(p.total)});
  t.is(loaded!.status, 'COMPLETED');
  t.is(loaded!.recordsProcessed, 0);
  t.is(loaded!.errors, 0);
  t.true(progress.every((total) => total === 2));
});

test('a tenant without validateJobCreation: the file is loaded with a note; any other GraphQL error still stops', async (t) => {
  const missing = "Validation error (FieldUndefined@[validateJobCreation]) : Field 'validateJobCreation' in type 'Query' is undefined";
  let validationError = missing;
  const {transport} = recording((request) => {
    if (request.form) return {fileRef: 'imports/x.csv'};
    const query = (request.json as {query: string}).query;
    if (query.includes('validateJobCreation')) return {errors: [{message: validationError}]};
    return {data: {createJob: {id: 'j1', type: 'MUTATION/USER', name: null, status: 'COMPLETED', stats: {recordsProcessed: 1, errors: 0}, downloadUrl: null, downloadErrorUrl: null}}};
  });
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY}, {transport, requestsPerMinute: 60_000});
  const output = {importType: 'users' as const, jobType: 'MUTATION/USER', path: writeCsv(tempDir(), 'users-001.csv', 'id,accountId\na,a\n'), rows: 1};
  const [loaded] = await loadOutputs([output], client);
  t.is(loaded!.status, 'COMPLETED');
  t.regex(loaded!.note!, /not checked before the job/);
  validationError = 'Exception while fetching data (/validateJobCreation) : fileRef cannot be read';
  await t.throwsAsync(() => loadOutputs([output], client), {message: /fileRef cannot be read/});
});

test('the error file is fetched with the API key only from Advocate\'s own origin', async (t) => {
  const {transport, sent} = recording(() => 'row,error\n1,bad\n');
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY, baseUrl: 'https://app.referralsaasquatch.com'}, {transport, requestsPerMinute: 60_000});
  await client.errorFile('https://app.referralsaasquatch.com/api/v1/test_ferry/export/j1/errors.csv');
  await client.errorFile('https://storage.example.com/presigned/errors.csv?sig=abc');
  t.truthy(sent[0]!.headers.authorization);
  t.false('authorization' in sent[1]!.headers, 'no credentials to another host');
  t.false(JSON.stringify(sent[1]!.headers).includes(Buffer.from(`:${KEY}`).toString('base64')));
});

test('documented referral lines: the emulator takes the valid examples and refuses the invalid one', async (t) => {
  const emulator = await startAdvocateEmulator({tenant: TENANT, apiKey: KEY, tickMs: 5});
  t.teardown(() => emulator.close());
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY, baseUrl: emulator.url}, {requestsPerMinute: 60_000});
  const dir = tempDir();
  const users = writeCsv(dir, 'users-001.csv', 'id,accountId\n123,123\n321,321\n');
  const lines = ['referral-line-no-rewards.json', 'referral-line-referrer-reward.json', 'referral-line-reward-redemption.json', 'referral-line-invalid-no-program.json'].map((name) => JSON.stringify(withoutSource(fixture(name))));
  const referrals = writeCsv(dir, 'referral-history-001.jsonl', lines.join('\n') + '\n');
  const loaded = await loadOutputs(
    [
      {importType: 'users', jobType: 'MUTATION/USER', path: users, rows: 2},
      {importType: 'referralHistory', jobType: 'MUTATION/REFERRAL', path: referrals, rows: 4},
    ],
    client,
    {pollMs: 5},
  );
  t.deepEqual(loaded.map((file) => [file.status, file.errors]), [['COMPLETED', 0], ['COMPLETED', 1]]);
  t.deepEqual(loaded[1]!.errorRows.map((row) => row.row), [4]);
});

test('ferry writes reward history as JSON lines shaped like the documented ReferralImportLine examples', async (t) => {
  const documented = withoutSource(fixture('referral-line-reward-redemption.json')) as Record<string, any>;
  const dir = tempDir();
  const out = tempDir();
  const result = await runImport({
    files: {
      users: writeCsv(dir, 'users.csv', 'Email\nana@example.com\nbo@example.com\n'),
      referrals: writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email,Referral Start Date\nana@example.com,bo@example.com,2024-01-01T00:00:00Z\n'),
      rewards: writeCsv(dir, 'rewards.csv', 'Advocate Email,Friend Email,Amount,Currency,Date Given,Amount Redeemed,Date Redeemed\nana@example.com,bo@example.com,$10.00,USD,2024-01-02T00:00:00Z,500,2024-01-03T00:00:00Z\n'),
    },
    outDir: out,
  });
  const rewardFile = result.outputs.find((output) => output.importType === 'rewardHistory')!;
  t.true(rewardFile.path.endsWith('.jsonl'), 'MUTATION/REFERRAL is written as JSON lines even when CSV was asked for');
  const line = JSON.parse(fs.readFileSync(rewardFile.path, 'utf8').trim()) as Record<string, any>;
  for (const key of Object.keys(line)) t.true(key in documented, `top-level ${key} is a documented ReferralImportLine field`);
  for (const key of ['programId', 'referrerUser', 'referredUser']) t.truthy(line[key], key);
  const reward = line.rewards[0];
  const documentedReward = documented.rewards[0];
  for (const key of Object.keys(reward).filter((k) => !['name', 'userId', 'accountId'].includes(k))) t.true(key in documentedReward, `rewards[].${key}`);
  t.is(reward.unit, 'CASH/USD');
  t.true(Number.isInteger(reward.assignedCredit) && Number.isInteger(reward.dateGiven));
  t.deepEqual(Object.keys(reward.redemptions[0]).sort(), Object.keys(documentedReward.redemptions[0]).sort());
});

test('users and events are written with documented fields only', async (t) => {
  const userDoc = fixture('user-import-fields.json');
  const eventDoc = fixture('event-import-fields.json');
  const dir = tempDir();
  const out = tempDir();
  const result = await runImport({
    files: {
      users: writeCsv(dir, 'users.csv', 'Email,First Name,customFields.tier\nana@example.com,Ana,gold\nbo@example.com,Bo,\n'),
      referrals: writeCsv(dir, 'referrals.csv', 'Advocate Email,Friend Email,Referral Converted Date\nana@example.com,bo@example.com,2024-01-02T00:00:00Z\n'),
    },
    importTypes: ['users', 'userEvents'],
    outDir: out,
  });
  const header = (type: string) => fs.readFileSync(result.outputs.find((output) => output.importType === type)!.path, 'utf8').split('\n')[0]!.split(',');
  const perProgram = (userDoc.perProgram as string[]).map((field) => field.replace('{programId}', 'referral-program'));
  for (const column of header('users')) t.true([...userDoc.fields, ...perProgram].includes(column) || column.startsWith(userDoc.customFieldPrefix), `users column ${column}`);
  for (const required of userDoc.required) t.true(header('users').includes(required));
  t.deepEqual(header('userEvents'), eventDoc.fields);
});

test('an error file naming fewer rows than the job counted is said, and the named row is rejected with its reason and row', async (t) => {
  const {transport} = recording((request) => {
    if (request.form) return {fileRef: 'imports/x.csv'};
    if (request.responseType === 'buffer') return 'row,error\n2,Invalid locale xx\n';
    const query = (request.json as {query: string}).query;
    if (query.includes('validateJobCreation')) return {data: {validateJobCreation: {errors: []}}};
    return {data: {createJob: {id: 'j9', type: 'MUTATION/USER', name: null, status: 'COMPLETED', stats: {recordsProcessed: 3, errors: 2}, downloadUrl: null, downloadErrorUrl: 'https://app.referralsaasquatch.com/api/v1/test_ferry/export/j9/errors.csv'}}};
  });
  const client = new AdvocateClient({tenant: TENANT, apiKey: KEY}, {transport, requestsPerMinute: 60_000});
  const dir = tempDir();
  const file = writeCsv(dir, 'users-001.csv', 'id,accountId,locale\na,a,en_US\nb,b,xx\nc,c,en_US\n');
  const {LoadJournal} = await import('../source/referral/load-journal.js');
  const journal = LoadJournal.inFolder(dir);
  t.teardown(() => journal.close());
  const [loaded] = await loadOutputs([{importType: 'users', jobType: 'MUTATION/USER', path: file, rows: 3}], client, {journal});
  t.regex(loaded!.note!, /Advocate counted 2 errors but its error file names 1 rows/);
  t.like(journal.counts().users, {loaded: 2, rejected: 1});
  t.deepEqual(journal.rejected().map((row) => [row.rowKey, row.reason, row.line]), [['b', 'Invalid locale xx', 'b,b,xx']]);
});
