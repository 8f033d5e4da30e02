// The audit trail's SQL.
import type { Db } from '../db.ts';

interface NewAuditLine {
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  subject: string;
  detail: string;
  ip: string | null;
}

export async function insertAuditLine(db: Db, line: NewAuditLine): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: line.at,
      actor_id: line.actorId,
      actor_name: line.actorName,
      action: line.action,
      subject: line.subject,
      detail: line.detail,
      ip: line.ip,
    })
    .execute();
}

export async function selectAuditLines(db: Db, options: { limit: number; offset: number; action?: string | null }) {
  let query = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_name', 'action', 'subject', 'detail', 'ip'])
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(options.offset);
  if (options.action) query = query.where('action', 'like', `${options.action.replace(/[\\%_]/g, '\\$&')}%`);
  return query.execute();
}

export async function deleteAuditLinesBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('audit_log').where('at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
