// Freshservice API v2 JSON shapes as the documentation prints them (api.freshservice.com; fixtures in
// test/fixtures/freshservice/). Every answer wraps them in a key: {"ticket": …}, {"tickets": […]}.
import type {PersonFieldValue} from '../../source/contracts/model.js';

export interface FsAttachment {
  id?: number;
  name: string;
  content_type: string;
  size: number;
  attachment_url: string;
  created_at: string;
  updated_at: string;
}

export interface FsTicket {
  id: number;
  subject: string;
  description: string;
  description_text?: string;
  status: number;
  priority: number;
  source: number;
  type: string | null;
  requester_id: number;
  responder_id: number | null;
  group_id: number | null;
  department_id: number | null;
  /** Only with ?include=tags on View a Ticket (Create/Update answers carry them too) */
  tags?: string[];
  cc_emails: string[];
  custom_fields: Record<string, string | number | boolean | null>;
  attachments?: FsAttachment[];
  urgency?: number;
  impact?: number;
  workspace_id?: number;
  deleted?: boolean;
  created_at: string;
  updated_at: string;
}

/** Problems (/api/v2/problems) and changes (/api/v2/changes): tickets of other ITSM modules. */
export interface FsItsmRecord {
  id: number;
  subject: string;
  description: string;
  status: number;
  priority: number;
  impact?: number;
  requester_id: number;
  agent_id: number | null;
  group_id: number | null;
  department_id: number | null;
  custom_fields?: Record<string, PersonFieldValue>;
  created_at: string;
  updated_at: string;
}

export interface FsConversation {
  id: number;
  body: string;
  body_text?: string;
  incoming: boolean;
  private: boolean;
  user_id: number;
  source?: number;
  ticket_id: number;
  attachments: FsAttachment[];
  created_at: string;
  updated_at: string;
}

/** Problem and change notes: agent-only, no `private` flag (Problems > Notes). */
export interface FsNote {
  id: number;
  body: string;
  body_text?: string;
  user_id: number;
  created_at: string;
  updated_at: string;
}

export interface FsRequester {
  id: number;
  first_name: string;
  last_name: string | null;
  primary_email: string | null;
  /** Further emails (freshservice.md: people) */
  secondary_emails?: string[];
  work_phone_number: string | null;
  mobile_phone_number: string | null;
  department_ids: number[];
  /** Requester fields by name (freshservice.md: people) */
  custom_fields?: Record<string, PersonFieldValue>;
  background_information: string | null;
  active: boolean;
  is_agent?: boolean;
  created_at?: string;
  updated_at?: string;
}

export interface FsAgent {
  id: number;
  first_name: string;
  last_name: string | null;
  email: string;
  work_phone_number: string | null;
  active: boolean;
  /** Groups the agent is a member of (group_ids was retired in Aug 2023) */
  member_of: number[];
  roles: Array<{role_id: number; assignment_scope: string}>;
  created_at: string;
  updated_at: string;
}

export interface FsRole {
  id: number;
  name: string;
}

export interface FsGroup {
  id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface FsDepartment {
  id: number;
  name: string;
  description: string | null;
  domains: string[];
  created_at: string;
  updated_at: string;
}

export interface FsTicketField {
  id: number;
  name: string;
  label: string;
  field_type: string;
  default_field: boolean;
  required_for_closure: boolean;
  required_for_agents: boolean;
  choices: Array<{id: number; value: string}>;
  created_at: string;
  updated_at: string;
}

export interface FsCategory {
  id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface FsFolder {
  id: number;
  name: string;
  description: string | null;
  category_id: number;
  /** 1 all users, 2 logged-in users, 3 agents, 4 departments, 5 agent groups, 6 contact groups */
  visibility: number;
  created_at: string;
  updated_at: string;
}

export interface FsArticle {
  id: number;
  title: string;
  description: string;
  /** 1 draft, 2 published */
  status: number;
  folder_id: number;
  category_id?: number;
  article_type?: number;
  /** The docs print agent_id (View/List) and user_id (Create) */
  agent_id?: number | null;
  user_id?: number | null;
  tags?: string[];
  created_at: string;
  updated_at: string;
}
export type {FreshworksErrorBody as FsErrorBody} from '../freshworks/errors.js';

