// The GraphQL documents ferry sends to Advocate, and the schema they are checked
// against (schema.graphql, built from the public schema; its source is noted there).
// Tests validate every document here against that schema, and the emulator refuses
// any query the schema does not allow, so a field the real service lacks fails in tests.
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import {buildSchema, type GraphQLSchema} from 'graphql';

/** Only fields the public schema has: JobStats is {recordsProcessed, errors}; status is PENDING | ABORTED | COMPLETED. */
export const JOB_FIELDS = 'id type name status dateCreated dateCompleted stats { recordsProcessed errors } downloadUrl downloadErrorUrl';

export const VALIDATE_JOB_CREATION = 'query ferryValidateJob($jobInput: JobInput!) { validateJobCreation(jobInput: $jobInput) { errors } }';
export const CREATE_JOB = `mutation ferryCreateJob($jobInput: JobInput!) { createJob(jobInput: $jobInput) { ${JOB_FIELDS} } }`;
export const JOB = `query ferryJob($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;
/** JobFilterInput has no name filter: ferry lists the jobs of a type created since it sent one and matches the name it gave it. */
export const JOBS = `query ferryJobs($filter: JobFilterInput, $limit: Int!, $offset: Int!) { jobs(filter: $filter, limit: $limit, offset: $offset) { data { ${JOB_FIELDS} } count totalCount } }`;

export const ADVOCATE_QUERIES = {VALIDATE_JOB_CREATION, CREATE_JOB, JOB, JOBS};

let schema: GraphQLSchema | undefined;

export function advocateSchema(): GraphQLSchema {
  schema ??= buildSchema(fs.readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
  return schema;
}
