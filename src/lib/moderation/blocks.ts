// Blocks (issue 29): an account, an email address, or a range of client
// addresses (CIDR, parsed and matched by ipaddr.js). A blocked person's new
// comments, wishes and offers are kept as spam, silently: they see what any
// writer of a held item sees, and are never told. Their existing ones are
// removed in one step by each domain's own spamming (see the blocks action).
import ipaddr from 'ipaddr.js';
import { z } from 'astro/zod';
import type { BlockKind } from '../../../db/schema.ts';
import type { Db } from '../db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { idField, parseInput } from '../validation.ts';
import {
  deleteBlock,
  findAccountByEmail,
  findAccountEmail,
  findBlockRows,
  findBlocksFor,
  insertBlock,
} from './blocks-repo.ts';

export type { BlockKind };

const blockInput = z.object({
  kind: z.enum(['account', 'email', 'cidr'], { error: 'Choose what to block.' }),
  value: z.string({ error: 'Say what to block.' }).trim().min(1, 'Say what to block.').max(254, 'That is too long.'),
  note: z.string().trim().max(200, 'Keep the note under 200 characters.').nullish(),
});

const blockIdInput = z.object({ id: idField });

/** A range in its normal form ("203.0.113.0/24", "2001:db8::/32"); a lone address is its own range; null if neither. */
export function normalRange(text: string): string | null {
  const value = text.trim();
  try {
    if (value.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(value);
      const base = ipaddr.parse(
        address.kind() === 'ipv4'
          ? ipaddr.IPv4.networkAddressFromCIDR(value).toString()
          : ipaddr.IPv6.networkAddressFromCIDR(value).toString(),
      );
      return `${base.toString()}/${bits}`;
    }
    const address = ipaddr.process(value);
    return `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}`;
  } catch {
    return null;
  }
}

/** Whether a client address (as server/client-address.ts gives it) falls in a range. */
export function addressInRange(address: string | null, range: string): boolean {
  if (!address) return false;
  try {
    const parsed = ipaddr.process(address);
    const [base, bits] = ipaddr.parseCIDR(range);
    return parsed.kind() === base.kind() && parsed.match(base, bits);
  } catch {
    return false;
  }
}

export interface Writer {
  userId: string | null;
  /** A visitor's email as given (accounts' own addresses are looked up). */
  email: string | null;
  ip: string | null;
}

/** True when any block covers this writer: their account, their address (given or the account's), or their client address. */
export async function isBlocked(db: Db, writer: Writer): Promise<boolean> {
  const emails = [writer.email?.trim().toLowerCase() ?? null];
  if (writer.userId) {
    const account = await findAccountEmail(db, writer.userId);
    emails.push(account?.email.toLowerCase() ?? null);
  }
  const known = emails.filter((e): e is string => e !== null);
  const rows = await findBlocksFor(db, { userId: writer.userId, emails: known });
  return rows.some((r) => r.kind !== 'cidr' || addressInRange(writer.ip, r.value));
}

export interface BlockRow {
  id: number;
  kind: BlockKind;
  /** What the author reads: the account's name and address, the address, or the range. */
  label: string;
  value: string;
  note: string;
  createdAt: Date;
}

/** Adds a block; an account is named by its email address. */
export async function addBlock(db: Db, raw: unknown, by: { id: string }, now: Date): Promise<BlockRow> {
  const input = parseInput(blockInput, raw);
  let value: string;
  if (input.kind === 'email' || input.kind === 'account') {
    const email = input.value.toLowerCase();
    if (!z.email().safeParse(email).success) throw new ValidationError({ value: 'Enter an email address.' });
    value = email;
    if (input.kind === 'account') {
      const account = await findAccountByEmail(db, email);
      if (!account) throw new ValidationError({ value: 'No account has that email address.' });
      if (account.role !== 'reader')
        throw new ValidationError({ value: 'The author and moderators cannot be blocked.' });
      value = account.id;
    }
  } else {
    const range = normalRange(input.value);
    if (!range) throw new ValidationError({ value: 'Enter an address or a range like 203.0.113.0/24.' });
    value = range;
  }
  const row = await insertBlock(db, {
    kind: input.kind,
    value,
    note: input.note ?? '',
    createdBy: by.id,
    createdAt: now,
  });
  if (!row) throw new ConflictError('That is blocked already.');
  const found = (await listBlocks(db)).find((b) => b.id === row.id);
  return found!;
}

export async function removeBlock(db: Db, raw: unknown): Promise<BlockRow> {
  const { id } = parseInput(blockIdInput, raw);
  const found = await findBlock(db, id);
  await deleteBlock(db, id);
  return found;
}

export async function findBlock(db: Db, id: number): Promise<BlockRow> {
  const found = (await listBlocks(db)).find((b) => b.id === id);
  if (!found) throw new NotFoundError('That block was removed already.');
  return found;
}

export async function listBlocks(db: Db): Promise<BlockRow[]> {
  const rows = await findBlockRows(db);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    value: r.value,
    label: r.kind === 'account' ? `${r.user_name ?? 'a removed account'} <${r.user_email ?? '?'}>` : r.value,
    note: r.note,
    createdAt: r.created_at,
  }));
}

/** Whether a stored item's writer is covered by a block (for removing what they wrote before). */
export function blockCovers(
  block: Pick<BlockRow, 'kind' | 'value'>,
  item: { user_id: string | null; author_email: string | null; ip: string | null; account_email?: string | null },
): boolean {
  if (block.kind === 'account') return item.user_id === block.value;
  if (block.kind === 'email') {
    return item.author_email?.toLowerCase() === block.value || item.account_email?.toLowerCase() === block.value;
  }
  return addressInRange(item.ip, block.value);
}
