// The author's import of followers from a CSV (another newsletter's export):
// allowed only with the author's statement that these people agreed to it, and
// even then nobody follows until they confirm: each new address gets one
// confirmation mail (requestFollow, within the stranger-mail limit), addresses
// that already follow get nothing, and nothing else is stored for the rest.
import { parse } from 'csv-parse/sync';
import type { Db } from '../db.ts';
import { RateLimitedError, ValidationError } from '../errors.ts';
import { emailField } from '../validation.ts';
import type { MailContext } from './context.ts';
import { findFollower, requestFollow, type FollowChoice } from './followers.ts';

/** The largest upload taken here: about 100,000 addresses. */
export const MAX_FOLLOWER_IMPORT_BYTES = 4 * 1024 * 1024;

interface FollowerImportSummary {
  /** Addresses sent a confirmation. */
  asked: number;
  alreadyFollowing: number;
  /** Cells in the address column that are not addresses (a header row among them). */
  notAddresses: number;
  /** Addresses asked too often lately (their own limits): nothing sent. */
  limited: number;
}

/** The addresses in the CSV's column named email (any case), or its first column when none is. */
function addressesInCsv(text: string): { addresses: string[]; notAddresses: number } {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  } catch {
    throw new ValidationError({ file: 'This file is not a CSV file that can be read.' });
  }
  const header = rows[0]?.map((cell) => cell.toLowerCase()) ?? [];
  const named = header.findIndex((cell) => cell === 'email' || cell === 'email address' || cell === 'e-mail');
  const column = Math.max(0, named);
  const seen = new Set<string>();
  let notAddresses = 0;
  for (const [i, row] of rows.entries()) {
    if (i === 0 && named >= 0) continue;
    const parsed = emailField.safeParse(row[column] ?? '');
    if (!parsed.success) notAddresses++;
    else seen.add(parsed.data);
  }
  return { addresses: [...seen], notAddresses };
}

export async function importFollowers(
  db: Db,
  input: { csv: string; choices: FollowChoice[]; agreed: boolean; now: Date },
  context: MailContext,
): Promise<FollowerImportSummary> {
  if (!input.agreed) {
    throw new ValidationError({ agreed: 'Confirm that the people on this list agreed to get mail from this site.' });
  }
  if (input.choices.length === 0) throw new ValidationError({ choices: 'Pick at least one thing they get.' });
  const { addresses, notAddresses } = addressesInCsv(input.csv);
  const summary: FollowerImportSummary = { asked: 0, alreadyFollowing: 0, notAddresses, limited: 0 };
  for (const email of addresses) {
    if ((await findFollower(db, email))?.confirmedAt) {
      summary.alreadyFollowing++;
      continue;
    }
    try {
      await requestFollow(db, { email, choices: input.choices, source: 'import', now: input.now, ip: null }, context);
      summary.asked++;
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      summary.limited++;
    }
  }
  return summary;
}
