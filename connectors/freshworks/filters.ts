// What both Freshworks sources filter the same way: the filter query's day clauses (Freshdesk's
// search and Freshservice's Filter Tickets both compare whole days) and the plan's window applied
// again to what a list answers.
import type {SourceFilter} from '../../source/contracts/connector.js';

const EPOCH = '1970-01-01T00:00:00Z';

/** The quoted filter query for a window: "created_at:>'2024-01-01' AND updated_at:>'…'". */
export function dayWindowQuery(filter: SourceFilter): string {
  const day = (timestamp: string) => timestamp.slice(0, 10);
  const clauses = [`created_at:>'${day(filter.createdFrom ?? EPOCH)}'`];
  if (filter.createdTo) clauses.push(`created_at:<'${day(filter.createdTo)}'`);
  if (filter.updatedSince) clauses.push(`updated_at:>'${day(filter.updatedSince)}'`);
  return `"${clauses.join(' AND ')}"`;
}

/** The window on a neutral record (created, and updated or else created). */
export function recordFilter(filter: SourceFilter): (record: Record<string, unknown>) => boolean {
  return (record) => {
    const created = typeof record.createdAt === 'string' ? record.createdAt : undefined;
    const updated = typeof record.updatedAt === 'string' ? record.updatedAt : created;
    if (filter.createdFrom && created && Date.parse(created) < Date.parse(filter.createdFrom)) return false;
    if (filter.createdTo && created && Date.parse(created) > Date.parse(filter.createdTo)) return false;
    if (filter.updatedSince && updated && Date.parse(updated) < Date.parse(filter.updatedSince)) return false;
    return true;
  };
}
