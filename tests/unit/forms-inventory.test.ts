// The fuzzing and cross-site tests cover every action only if tests/helpers/forms.ts
// lists them all: this reads src/actions and fails when one is missing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMS } from '../helpers/forms.ts';

function declaredActions(): string[] {
  const dir = 'src/actions';
  const names: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    const group = /export const (\w+) = \{/.exec(source)?.[1];
    if (!group) continue;
    for (const match of source.matchAll(/^\s{2}(\w+): defineAction\(/gm)) names.push(`${group}.${match[1]}`);
  }
  return names.sort();
}

describe('the form inventory', () => {
  it('lists every action defined in src/actions', () => {
    const declared = declaredActions();
    expect(declared.length).toBeGreaterThan(3);
    expect(FORMS.map((f) => f.action).sort()).toEqual(declared);
  });
});
