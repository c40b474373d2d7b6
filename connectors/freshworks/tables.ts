// Freshdesk's and Freshservice's ticket statuses and priorities, as data: both number them the same
// way (Freshdesk API v2 "Ticket properties"; Freshservice API v2 "Ticket Properties": 2 Open,
// 3 Pending, 4 Resolved, 5 Closed, custom statuses above 5; priorities 1 Low to 4 Urgent). One copy,
// so the two connectors cannot drift apart (docs/platforms/freshdesk.md, freshservice.md).
import type {TicketPriority, TicketStatus} from '../../source/contracts/model.js';

export const STATUS_FROM_NATIVE: Readonly<Record<number, TicketStatus>> = {2: 'open', 3: 'pending', 4: 'solved', 5: 'closed'};
/** Nearest native status: neither has "new" (open) nor "on hold" (pending, the waiting state). */
export const STATUS_TO_NATIVE: Readonly<Record<TicketStatus, number>> = {new: 2, open: 2, pending: 3, hold: 3, solved: 4, closed: 5};
export const PRIORITY_FROM_NATIVE: Readonly<Record<number, TicketPriority>> = {1: 'low', 2: 'normal', 3: 'high', 4: 'urgent'};
export const PRIORITY_TO_NATIVE: Readonly<Record<TicketPriority, number>> = {low: 1, normal: 2, high: 3, urgent: 4};

/** Custom statuses (above 5) are "waiting on someone" states: the nearest neutral one is on hold. */
export function statusFromNative(status: number): TicketStatus {
  return STATUS_FROM_NATIVE[status] ?? (status > 5 ? 'hold' : 'open');
}
export function statusToNative(status: TicketStatus): number {
  return STATUS_TO_NATIVE[status];
}
export function priorityFromNative(priority: number): TicketPriority {
  return PRIORITY_FROM_NATIVE[priority] ?? 'normal';
}
export function priorityToNative(priority: TicketPriority): number {
  return PRIORITY_TO_NATIVE[priority];
}
