// Records an action on the audit trail with who (the signed-in person), when
// (the app's clock) and from where (the client address, server/client-address.ts).
import type { ActionAPIContext } from 'astro:actions';
import { recordAudit, type AuditEntry } from '../lib/audit/audit.ts';
import { getApp } from './app.ts';
import { clientAddressOf } from './client-address.ts';

export async function audit(context: ActionAPIContext, entry: AuditEntry): Promise<void> {
  const app = getApp();
  const user = context.locals.user;
  await recordAudit(app.db, { id: user?.id ?? null, name: user?.name ?? 'someone signed out' }, entry, {
    now: app.now(),
    ip: clientAddressOf(context),
  });
}
