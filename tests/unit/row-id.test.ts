import { describe, expect, it } from 'vitest';
import { parseRowId } from '../../src/lib/row-id.ts';

describe('parseRowId', () => {
  it('reads a positive id of up to nine digits', () => {
    expect(parseRowId('12')).toBe(12);
    expect(parseRowId('999999999')).toBe(999999999);
  });
  it('refuses zero, signs, spaces, long numbers and nothing', () => {
    for (const text of ['0', '000', '-1', '+1', ' 1', '1.5', '1e3', '1234567890', '', undefined, null]) {
      expect(parseRowId(text)).toBeNull();
    }
  });
});
