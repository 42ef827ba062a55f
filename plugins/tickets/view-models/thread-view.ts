import type { Locale } from 'portal/sdk';
import type { Thread } from '../data/read.ts';
import type { TicketEventRow } from '../entities.ts';
import type { Translate } from '../i18n.ts';
import { fileSize, paragraphs } from './text.ts';

export interface ThreadOptions {
  audience: 'customer' | 'staff';
  t: Translate;
  locale: Locale;
  /** Names of the operators who wrote or acted, by id. */
  staffNames: Map<number, string>;
  customerName: string;
  showStaffNames: boolean;
  attachmentHref: (id: number) => string;
}

export interface MessageItem {
  type: 'message';
  id: number;
  at: Date;
  from: 'customer' | 'staff' | 'note';
  author: string;
  paragraphs: string[][];
  attachments: { name: string; href: string; size: string }[];
}

export interface EventItem {
  type: 'event';
  at: Date;
  text: string;
}

/** Messages with their files, oldest first; the customer's view also marks when the ticket was closed or reopened. */
export function threadItems(thread: Thread, o: ThreadOptions): (MessageItem | EventItem)[] {
  const messages: MessageItem[] = thread.messages.map((m) => ({
    type: 'message',
    id: m.id,
    at: m.createdAt,
    from: m.kind as MessageItem['from'],
    author: authorOf(m.kind, m.authorName ?? (m.staffId ? o.staffNames.get(m.staffId) : undefined), o),
    paragraphs: paragraphs(m.body),
    attachments: thread.attachments
      .filter((a) => a.messageId === m.id)
      .map((a) => ({ name: a.filename, href: o.attachmentHref(a.id), size: fileSize(a.size, o.locale) })),
  }));
  if (o.audience === 'staff') return messages;
  const events: EventItem[] = thread.events.map((e) => ({ type: 'event', at: e.createdAt, text: customerEventText(e, o.t) }));
  // A reopening and its message share a timestamp: the marker goes first.
  return [...events, ...messages].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** `name`: the operator's, or the one a reply sent through the API signs with. */
function authorOf(kind: string, name: string | undefined, o: ThreadOptions): string {
  if (kind === 'customer') return o.audience === 'customer' ? o.t('thread.you') : o.customerName;
  if (o.audience === 'staff') return name ?? o.t('supportTeam');
  return o.showStaffNames && name ? name : o.t('supportTeam');
}

function customerEventText(e: TicketEventRow, t: Translate): string {
  if (e.toStatus === 'closed') return t(e.actorType === 'system' ? 'thread.autoClosed' : 'thread.closed');
  return t(e.actorType === 'customer' ? 'thread.reopenedByYou' : 'thread.reopenedByUs');
}

/** The operator's history of a ticket: every status change and assignment, with who did it. */
export function historyItems(events: TicketEventRow[], o: ThreadOptions): EventItem[] {
  return events.map((e) => {
    const who = e.actorType === 'customer' ? o.customerName : e.actorType === 'system' ? o.t('staff.history.system') : (e.actorId && o.staffNames.get(e.actorId)) || o.t('staff.history.someone');
    if (e.kind === 'assigned') {
      const to = e.assignedTo ? (o.staffNames.get(e.assignedTo) ?? o.t('staff.history.someone')) : null;
      return { type: 'event', at: e.createdAt, text: to ? o.t('staff.history.assigned', { who, to }) : o.t('staff.history.unassigned', { who }) };
    }
    const to = o.t(`staff.status.${e.toStatus}`);
    const text = e.fromStatus ? o.t('staff.history.status', { who, from: o.t(`staff.status.${e.fromStatus}`), to }) : o.t('staff.history.opened', { who });
    return { type: 'event', at: e.createdAt, text };
  });
}
