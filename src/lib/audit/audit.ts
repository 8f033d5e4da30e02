// The audit trail (issues 28 and 29): every moderation decision and every
// action of the author's that changes the site, with who, what, when and from
// where. Recorded by the caller once the action has succeeded; read at
// /admin/audit by the author alone; kept AUDIT_KEEP_DAYS, then pruned.
import type { Db } from '../db.ts';
import { deleteAuditLinesBefore, insertAuditLine, selectAuditLines } from './repo.ts';

export const AUDIT_KEEP_DAYS = 365;
export const AUDIT_PAGE_SIZE = 50;

interface AuditActor {
  id: string | null;
  name: string;
}

export interface AuditEntry {
  /** Dotted, subject first: 'comment.approve', 'wish.spam', 'post.delete', 'settings.update', 'role.grant'. */
  action: string;
  /** What it was done to, readable on its own: 'comment 12', 'post 3'. */
  subject: string;
  detail?: string;
}

export async function recordAudit(
  db: Db,
  who: AuditActor,
  entry: AuditEntry,
  where: { now: Date; ip: string | null },
): Promise<void> {
  await insertAuditLine(db, {
    at: where.now,
    actorId: who.id,
    actorName: who.name,
    action: entry.action,
    subject: entry.subject,
    detail: (entry.detail ?? '').slice(0, 500),
    ip: where.ip,
  });
}

interface AuditLine {
  id: string;
  at: Date;
  actorName: string;
  action: string;
  subject: string;
  detail: string;
  ip: string | null;
}

interface AuditPage {
  lines: AuditLine[];
  page: number;
  hasMore: boolean;
}

/** One page of the trail, newest first; `action` narrows to actions starting with it ('comment', 'role.grant'). */
export async function listAudit(db: Db, options: { page: number; action?: string | null }): Promise<AuditPage> {
  const page = Math.max(1, Math.floor(options.page) || 1);
  const rows = await selectAuditLines(db, {
    limit: AUDIT_PAGE_SIZE + 1,
    offset: (page - 1) * AUDIT_PAGE_SIZE,
    action: options.action ?? null,
  });
  return {
    lines: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({
      id: String(r.id),
      at: r.at,
      actorName: r.actor_name,
      action: r.action,
      subject: r.subject,
      detail: r.detail,
      ip: r.ip,
    })),
    page,
    hasMore: rows.length > AUDIT_PAGE_SIZE,
  };
}

/** Drops lines older than a year; run daily by the housekeeping job on any process (a plain DELETE). */
export async function pruneAudit(db: Db, now: Date): Promise<number> {
  return deleteAuditLinesBefore(db, new Date(now.getTime() - AUDIT_KEEP_DAYS * 86_400_000));
}
