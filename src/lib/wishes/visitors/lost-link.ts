// "Lost your private link?": a visitor who wished or offered with an email asks,
// on the wish's page, for a fresh manage link by mail (links expire, mail gets
// deleted). The answer is the same whether or not the address made the wish or
// an offer on it, so the form tells nobody who wished; asks are limited per
// address and per IP. Earlier links keep working until they expire.
import type { Db } from '../../db.ts';
import { takeHit, type LimitRule } from '../../ratelimit/ratelimit.ts';
import { parseInput } from '../../validation.ts';
import { lostLinkInput } from '../loop/input.ts';
import { mailVisitor, type LoopContext } from '../loop/parties.ts';
import { findVisitorItemsByEmail } from './repo.ts';
import { lostLinkMail } from './visitor-mail.ts';

const LOST_LINKS_PER_ADDRESS: LimitRule[] = [{ limit: 3, windowSeconds: 86_400 }];
const LOST_LINKS_PER_IP: LimitRule[] = [{ limit: 10, windowSeconds: 3600 }];

export async function mailLostManageLink(
  db: Db,
  raw: unknown,
  context: LoopContext & { ip: string | null; rateLimitFactor?: number },
): Promise<void> {
  const input = parseInput(lostLinkInput, raw);
  const buckets = [{ bucket: `lost-link:address:${input.email}`, rules: LOST_LINKS_PER_ADDRESS }];
  if (context.ip) buckets.push({ bucket: `lost-link:ip:${context.ip}`, rules: LOST_LINKS_PER_IP });
  await takeHit(db, buckets, context.now, context.rateLimitFactor ?? 1);
  const { wishes, offers } = await findVisitorItemsByEmail(db, input.wish_id, input.email);
  await db.transaction().execute(async (trx) => {
    for (const w of wishes) {
      const party = { email: input.email, name: w.author_name, subject: { wishId: w.id } };
      await mailVisitor(trx, party, (base) => lostLinkMail(base, 'wish'), context);
    }
    for (const o of offers) {
      const party = { email: input.email, name: o.author_name, subject: { offerId: o.id } };
      await mailVisitor(trx, party, (base) => lostLinkMail(base, 'offer'), context);
    }
  });
}
