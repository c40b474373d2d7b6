// What an operator does by hand on Freshservice around a migration (the Prepare checklist gathers it).
import type {PlatformChecklist} from '../../source/contracts/connector.js';

export const freshserviceChecklist: PlatformChecklist = {
  asTarget: [
    {id: 'target-notifications-off', text: 'Freshservice: turn off email notifications to requesters and agents (Admin > Email Notifications)', detail: 'Otherwise every imported ticket and note sends "ticket received" and "note added" emails.'},
    {id: 'target-workflow-automator-off', text: 'Freshservice: deactivate the Workflow Automator rules for tickets (Admin > Workflow Automator)', detail: 'Workflows that react to new tickets would assign, reply to or change the imported tickets.'},
    {id: 'target-supervisor-rules-off', text: 'Freshservice: deactivate Supervisor Rules and SLA escalations', detail: 'Imported open tickets carry today\'s date (the API cannot set created_at) and would be escalated at once.'},
    {id: 'target-ticket-fields', text: 'Freshservice: create the custom ticket fields the source has (Admin > Field Manager > Ticket Fields) before the run', detail: 'The Freshservice API cannot create ticket fields; a field that is missing is reported and its values are left out with a warning on each ticket.'},
    {id: 'target-agents-invited', text: 'Freshservice: invite the agents before the run (Admin > Agents)', detail: 'Agents are matched by email; the API does not create them as part of a migration.'},
  ],
  asSource: [
    {id: 'source-custom-view', text: 'Freshservice: set up a custom ticket view that shows every ticket (all statuses, groups and agents, including resolved and closed), and note its count', detail: 'The migration checklist requires it before exporting from Freshservice; ferry reads every ticket through the API, and the view\'s count is what to compare ferry\'s ticket total with.'},
    {id: 'source-changes-problems', text: 'Freshservice: changes and problems are migrated as tickets, tagged freshservice-change / freshservice-problem with their number in the subject', detail: 'Their notes become private comments. Plans without Problem or Change Management (403) migrate tickets only, and the run says so.'},
    {id: 'source-workspaces', text: 'Freshservice: with several workspaces, only the primary workspace is read', detail: 'The lists answer the primary workspace unless workspace_id is given; migrate other workspaces in their own runs.'},
  ],
  credentials: (side) => [{id: `${side}-token-expiry`, text: `Freshservice ${side}: the API key belongs to one agent; it stops working if that agent is deactivated or resets the key`}],
};
