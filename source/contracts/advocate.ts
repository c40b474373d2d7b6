// What the referral import needs of Advocate's API (connectors/advocate/client.ts implements it):
// upload a file, check and create an import job, follow it, read its error file.

export interface AdvocateSettings {
  tenant: string;
  apiKey: string;
  baseUrl?: string;
}

/** A job as the public schema describes it (schema.graphql): no IN_PROGRESS status, no total in stats. */
export interface AdvocateJob {
  id: string;
  type: string;
  name: string | null;
  status: 'PENDING' | 'COMPLETED' | 'ABORTED';
  dateCreated?: number | null;
  dateCompleted?: number | null;
  /** Nullable in the schema (the export.completed webhook example has "stats": null) */
  stats: {recordsProcessed: number; errors: number} | null;
  downloadUrl: string | null;
  downloadErrorUrl: string | null;
}

export interface JobInput {
  type: string;
  fileRef: string;
  name?: string;
  params?: Record<string, unknown>;
  outputFormat?: 'CSV' | 'XLSX' | 'JSONL';
}

/** validateJobCreation's answer; `checked: false` when the tenant's API has no such query (see advocate.md, Unsure). */
export interface ValidationAnswer {
  checked: boolean;
  errors: string[];
}


export interface AdvocateImportApi {
  upload(filePath: string): Promise<string>;
  validateJobCreation(jobInput: JobInput): Promise<ValidationAnswer>;
  createJob(jobInput: JobInput): Promise<AdvocateJob>;
  job(id: string): Promise<AdvocateJob | null>;
  /** The job of this type with this name created at or after `since` (ms since the epoch), if any */
  findJob(type: string, name: string, since: number): Promise<AdvocateJob | undefined>;
  errorFile(url: string): Promise<string>;
}
