// What an operator does by hand on Help Scout around a migration (the Prepare checklist gathers it).
import type {PlatformChecklist} from '../../source/contracts/connector.js';

export const helpScoutChecklist: PlatformChecklist = {
  asTarget: [
    {
      id: 'target-workflows-off',
      text: 'Help Scout: deactivate automatic workflows of the target inbox (Manage > Workflows)',
      detail: 'Imported conversations send no email ("imported: true"), but automatic workflows still run on new conversations and could reply, assign or close them.',
    },
    {id: 'target-auto-reply-off', text: 'Help Scout: turn off the inbox auto reply (Manage > Inbox > Auto Reply) and pause apps and webhooks that react to new conversations'},
    {id: 'target-users-invited', text: 'Help Scout: invite every agent as a user first (Manage > Users): the API cannot create users, and unmatched authors are written into the text'},
    {id: 'target-custom-fields', text: 'Help Scout: create the inbox custom fields the tickets use (Manage > Inbox > Custom Fields, Plus plan and above): the API cannot create them'},
    {id: 'target-marker-tags', text: 'Help Scout: ferry tags each imported conversation "ferry-<source id>" to find it after a crash; keep the tags until the last delta run, then delete them (Manage > Tags)'},
  ],
  asSource: [
    {id: 'source-docs-api', text: 'Help Scout: the knowledge base (Docs) is a separate API with its own API key and is not migrated by this connector; export it from Docs if you need it'},
    {id: 'source-teams', text: 'Help Scout: teams, saved replies and workflows are not migrated; recreate them on the target by hand'},
  ],
  credentials: (side) => [
    {id: `${side}-app-user`, text: `Help Scout ${side}: the App ID and App Secret belong to one user's app (Your Profile > My Apps); the user must stay an active administrator for the whole migration`},
    {id: `${side}-token-expiry`, text: `Help Scout ${side}: access tokens expire (48 hours); ferry fetches a new one with the app credentials and keeps it only in the credential store`},
  ],
};
