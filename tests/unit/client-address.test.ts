// Issue 11, fair limits: the address limits count under comes from the socket,
// and from X-Forwarded-For only through the proxies TRUSTED_PROXIES names.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/config.ts';
import { limitKeyOf, resolveClientAddress } from '../../src/server/http/client-address.ts';

const trusted = (value: string) => readConfig({ TRUSTED_PROXIES: value }).trustedProxies;

describe('resolveClientAddress', () => {
  it('ignores X-Forwarded-For entirely when TRUSTED_PROXIES is unset', () => {
    const none = readConfig({}).trustedProxies;
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7', none)).toBe('127.0.0.1');
    expect(resolveClientAddress('192.0.2.10', '198.51.100.7, 203.0.113.1', none)).toBe('192.0.2.10');
  });

  it('takes the hop the last trusted proxy saw, with a hop count', () => {
    expect(resolveClientAddress('10.0.0.2', '198.51.100.7', trusted('1'))).toBe('198.51.100.7');
    expect(resolveClientAddress('10.0.0.2', '198.51.100.7, 10.0.0.9', trusted('2'))).toBe('198.51.100.7');
  });

  it('never trusts the leftmost entry a client wrote itself', () => {
    // The client sends "X-Forwarded-For: 6.6.6.6"; the one proxy appends the address it saw.
    expect(resolveClientAddress('10.0.0.2', '6.6.6.6, 198.51.100.7', trusted('1'))).toBe('198.51.100.7');
    expect(resolveClientAddress('127.0.0.1', '6.6.6.6, 198.51.100.7', trusted('loopback'))).toBe('198.51.100.7');
    expect(resolveClientAddress('10.0.0.2', '6.6.6.6, 7.7.7.7, 198.51.100.7', trusted('10.0.0.0/8'))).toBe(
      '198.51.100.7',
    );
  });

  it('walks only through listed proxies, stopping at the first hop not listed', () => {
    const list = trusted('127.0.0.1, 203.0.113.5');
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7, 203.0.113.5', list)).toBe('198.51.100.7');
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7, 203.0.113.6', list)).toBe('203.0.113.6');
    // A peer that is not a trusted proxy: its header is not read at all.
    expect(resolveClientAddress('192.0.2.10', '198.51.100.7', list)).toBe('192.0.2.10');
  });

  it('matches CIDRs and IPv4-mapped peers', () => {
    expect(resolveClientAddress('::ffff:10.1.2.3', '198.51.100.7', trusted('10.0.0.0/8'))).toBe('198.51.100.7');
    expect(resolveClientAddress('::ffff:192.0.2.1', '198.51.100.7', trusted('10.0.0.0/8'))).toBe('192.0.2.1');
    expect(resolveClientAddress('fd00::1', '2001:db8::1', trusted('fc00::/7'))).toBe('2001:db8::/64');
  });

  it('believes the peer when a trusted hop is not an address', () => {
    expect(resolveClientAddress('10.0.0.2', 'not-an-address', trusted('1'))).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', '', trusted('1'))).toBe('10.0.0.2');
    expect(resolveClientAddress(null, '198.51.100.7', trusted('1'))).toBeNull();
  });
});

describe('limitKeyOf', () => {
  it('counts IPv4 (also when mapped into IPv6) by address and IPv6 by its /64', () => {
    expect(limitKeyOf('198.51.100.7')).toBe('198.51.100.7');
    expect(limitKeyOf('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(limitKeyOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(limitKeyOf('2001:db8:1:2:bbbb::9')).toBe(limitKeyOf('2001:db8:1:2:aaaa::1'));
    expect(limitKeyOf('2001:db8:1:3::1')).not.toBe(limitKeyOf('2001:db8:1:2::1'));
    expect(limitKeyOf('evil')).toBeNull();
  });
});
