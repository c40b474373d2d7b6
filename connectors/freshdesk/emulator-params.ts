// What each endpoint the emulator serves accepts, as Freshdesk's API v2 reference lists it
// (developers.freshdesk.com/api/, read from the copy in ktsaou/freshdesk_mcp FRESHDESK_API_DOCS.txt).
// Anything else is refused the way Freshdesk refuses it: "If any additional field is included in
// the request payload (other than what is specified in the API documentation), this error will
// occur" (Error Codes, invalid_field). Lists follow the "General" pagination rule: every "List All"
// answer takes page and per_page; the two ticket field lists answer everything at once.
import {PAGING} from '../freshworks/emulator-kit.js';
export {PAGING};

export const QUERY = {
  tickets: [...PAGING, 'filter', 'requester_id', 'email', 'unique_external_id', 'company_id', 'updated_since', 'order_by', 'order_type', 'include'],
  ticket: ['include'],
  search: ['query', 'page'],
  contacts: [...PAGING, 'email', 'mobile', 'phone', 'company_id', 'state', 'contact_type', 'updated_since'],
  agents: [...PAGING, 'email', 'mobile', 'phone', 'state'],
  companies: [...PAGING, 'updated_since'],
  companyAutocomplete: ['name'],
  /** GET /api/v2/ticket_fields documents only a `type` filter */
  ticketFields: ['type'],
  /** GET /api/v2/admin/ticket_fields[/id] documents only `include` (e.g. include=section) */
  adminTicketFields: ['include'],
  list: PAGING,
  none: [] as string[],
};

const CREATE_TICKET = [
  'name', 'requester_id', 'email', 'facebook_id', 'phone', 'twitter_id', 'unique_external_id', 'subject', 'type', 'status', 'priority', 'description',
  'responder_id', 'attachments', 'cc_emails', 'custom_fields', 'due_by', 'email_config_id', 'fr_due_by', 'group_id', 'parent_id', 'product_id', 'source',
  'tags', 'company_id', 'internal_agent_id', 'internal_group_id', 'lookup_parameter',
];
const CONTACT = ['name', 'email', 'phone', 'mobile', 'twitter_id', 'social_handler', 'unique_external_id', 'other_emails', 'company_id', 'view_all_tickets', 'other_companies', 'address', 'avatar', 'custom_fields', 'description', 'job_title', 'language', 'tags', 'time_zone', 'lookup_parameter'];
const TICKET_FIELD = ['customers_can_edit', 'label_for_customers', 'displayed_to_customers', 'label', 'position', 'required_for_closure', 'required_for_agents', 'required_for_customers', 'choices', 'dependent_fields', 'section_mappings'];

export const BODY = {
  createTicket: CREATE_TICKET,
  /** Update a Ticket: the create list without cc_emails */
  updateTicket: CREATE_TICKET.filter((field) => field !== 'cc_emails'),
  note: ['attachments', 'body', 'structured_body', 'incoming', 'notify_emails', 'private', 'user_id'],
  contact: CONTACT,
  company: ['name', 'description', 'note', 'domains', 'health_score', 'account_tier', 'renewal_date', 'industry', 'custom_fields', 'lookup_parameter'],
  group: ['name', 'description', 'agent_ids', 'auto_ticket_assign', 'escalate_to', 'unassigned_for'],
  createTicketField: [...TICKET_FIELD, 'type'],
  updateTicketField: TICKET_FIELD,
  category: ['name', 'description', 'visible_in_portals'],
  folder: ['name', 'description', 'parent_folder_id', 'visibility', 'company_ids', 'contact_segment_ids', 'company_segment_ids'],
  createArticle: ['title', 'description', 'status', 'seo_data', 'tags'],
  updateArticle: ['title', 'description', 'status', 'seo_data', 'tags', 'agent_id'],
};

// ParamSpec and the invalid_field refusal are the Freshworks kit's (connectors/freshworks/emulator-kit.ts).
export {unexpectedFields, type ParamSpec} from '../freshworks/emulator-kit.js';
