// Every table in db/schema.ts is accounted for by the site export: carried by
// the JSON export and the archive, by the archive alone, or left out on purpose
// with a reason; none waits as missing. A table added
// in any branch fails here until someone decides which.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ARCHIVED_TABLES,
  EXCLUDED_TABLES,
  EXPORTED_TABLES,
  MISSING_TABLES,
} from '../../src/lib/import/export/coverage.ts';

/** Table names from every `interface Database { … }` block (declaration merging) in the schema. */
function schemaTables(): string[] {
  const schema = readFileSync('db/schema.ts', 'utf8');
  const blocks = [...schema.matchAll(/^export interface Database \{\n([\s\S]*?)^\}/gm)].map((m) => m[1]!);
  return blocks.flatMap((block) => [...block.matchAll(/^ {2}([a-z_]+): /gm)].map((m) => m[1]!));
}

describe('export coverage', () => {
  it('accounts for every table in the schema exactly once', () => {
    const tables = schemaTables();
    expect(tables.length).toBeGreaterThan(40);
    const listed = [
      ...EXPORTED_TABLES,
      ...Object.keys(ARCHIVED_TABLES),
      ...Object.keys(EXCLUDED_TABLES),
      ...Object.keys(MISSING_TABLES),
    ];
    const unaccounted = tables.filter((t) => !listed.includes(t));
    expect(unaccounted, 'add each to ARCHIVED_TABLES (content) or EXCLUDED_TABLES (with why)').toEqual([]);
    expect(
      Object.keys(MISSING_TABLES),
      'the archive carries every content table: move these to ARCHIVED_TABLES (or EXCLUDED_TABLES, with why)',
    ).toEqual([]);
    expect(
      listed.filter((t) => !tables.includes(t)),
      'tables listed but gone from the schema',
    ).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    for (const reason of [...Object.values(EXCLUDED_TABLES), ...Object.values(ARCHIVED_TABLES)]) {
      expect(reason.length).toBeGreaterThan(5);
    }
  });
});
