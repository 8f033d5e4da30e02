// The profile and leaving forms' rules, and handles made from names.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/lib/errors.ts';
import { handleCandidates, handleFromName, handleProblem, RESERVED_HANDLES } from '../../src/lib/people/handle.ts';
import { leaveInput, profileInput } from '../../src/lib/people/input.ts';
import { parseInput } from '../../src/lib/validation.ts';
import { retentionInput } from '../../src/lib/privacy/policy.ts';

const profile = (fields: Record<string, unknown>) =>
  parseInput(profileInput, { name: 'Ada', handle: 'ada', bio: null, website: null, ...fields });
const fieldError = (work: () => unknown, field: string) => {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields[field] ?? null;
    throw error;
  }
  return null;
};

describe('handles', () => {
  it('are made from names, readable and ASCII', () => {
    expect(handleFromName('Ada Lovelace')).toBe('ada-lovelace');
    expect(handleFromName("  Zoë O'Brien-Smith ")).toBe('zoe-o-brien-smith');
    expect(handleFromName('42 Douglas')).toBe('douglas');
    expect(handleFromName('李小龙')).toBe('member');
    expect(handleFromName('Admin')).toBe('member');
    expect(handleFromName('A'.repeat(60))).toHaveLength(24);
    expect(handleCandidates('Ada', 3)).toEqual(['ada', 'ada-2', 'ada-3']);
    expect(handleCandidates('Admin', 2)).toEqual(['member-2', 'member-3']);
  });

  it('accept lowercase letters, digits and single hyphens only, and no reserved word', () => {
    for (const ok of ['ab', 'ada-lovelace', 'r2d2', 'a-1-b']) expect(handleProblem(ok)).toBeNull();
    for (const bad of ['a', '1ab', '-ab', 'ab-', 'a--b', 'Ab', 'a_b', 'a.b', 'ä', 'x'.repeat(31), 'ab ']) {
      expect(handleProblem(bad), bad).not.toBeNull();
    }
    for (const reserved of RESERVED_HANDLES) expect(handleProblem(reserved)).toMatch(/reserved/);
  });
});

describe('profile form', () => {
  it('lowercases the handle and drops a leading @', () => {
    expect(profile({ handle: ' @Ada-King ' }).handle).toBe('ada-king');
  });

  it('takes http(s) websites only, adding https:// when no scheme is given', () => {
    expect(profile({ website: 'ada.example.org' }).website).toBe('https://ada.example.org/');
    expect(profile({ website: 'http://ada.example.org/x?y=1' }).website).toBe('http://ada.example.org/x?y=1');
    expect(profile({ website: '' }).website).toBeNull();
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,hi',
      'ftp://a.example',
      'mailto:a@b.example',
      'localhost',
    ]) {
      expect(
        fieldError(() => profile({ website: bad }), 'website'),
        bad,
      ).toMatch(/web address/);
    }
  });

  it('keeps the bio short and free of control characters; requires a name', () => {
    expect(profile({ bio: '  Hello  ' }).bio).toBe('Hello');
    expect(profile({ bio: '' }).bio).toBeNull();
    expect(fieldError(() => profile({ bio: 'x'.repeat(501) }), 'bio')).toMatch(/at most 500/);
    expect(fieldError(() => profile({ bio: 'a\u0000b' }), 'bio')).toMatch(/not allowed/);
    expect(fieldError(() => profile({ name: null }), 'name')).toMatch(/required/);
    expect(fieldError(() => profile({ handle: null }), 'handle')).toMatch(/required/);
  });
});

describe('leaving form', () => {
  it('needs the password, a choice for the comments and the confirmation box', () => {
    expect(parseInput(leaveInput, { password: 'pw', comments: 'remove', confirm: 'yes' })).toEqual({
      password: 'pw',
      comments: 'remove',
      confirm: 'yes',
    });
    expect(
      fieldError(() => parseInput(leaveInput, { password: '', comments: 'keep', confirm: 'yes' }), 'password'),
    ).toMatch(/password/);
    expect(
      fieldError(() => parseInput(leaveInput, { password: 'pw', comments: 'maybe', confirm: 'yes' }), 'comments'),
    ).toMatch(/Choose/);
    expect(
      fieldError(() => parseInput(leaveInput, { password: 'pw', comments: 'keep', confirm: null }), 'confirm'),
    ).toMatch(/Tick/);
  });
});

describe('retention form', () => {
  it('takes whole days from 1 to 3650', () => {
    expect(parseInput(retentionInput, { retention_days: ' 30 ' })).toEqual({ retention_days: 30 });
    for (const bad of ['0', '3651', '1.5', 'ninety', '']) {
      expect(
        fieldError(() => parseInput(retentionInput, { retention_days: bad }), 'retention_days'),
        bad,
      ).toMatch(/Days/);
    }
  });
});
