// Who is on the other end of a request, for per-address limits. The socket's
// peer is the only address nobody can fake; X-Forwarded-For is believed only
// hop by hop through the proxies TRUSTED_PROXIES names (proxy-addr walks the
// chain from the peer outwards and stops at the first untrusted hop), so a
// client that writes the header itself changes nothing.
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';

type TrustedProxies = number | readonly string[];

type Trust = (address: string, hop: number) => boolean;

const compiled = new WeakMap<readonly string[], Trust>();

function trustFor(proxies: TrustedProxies): Trust | null {
  if (typeof proxies === 'number') return proxies > 0 ? (_address, hop) => hop < proxies : null;
  if (proxies.length === 0) return null;
  let trust = compiled.get(proxies);
  if (!trust) {
    trust = proxyaddr.compile([...proxies]);
    compiled.set(proxies, trust);
  }
  return trust;
}

/**
 * The key per-address limits count under: an IPv4 address (IPv4-mapped IPv6
 * included), or the /64 network of an IPv6 address, since one household or
 * phone is handed a whole /64 and could otherwise change address at will.
 */
export function limitKeyOf(address: string): string | null {
  if (!ipaddr.isValid(address)) return null;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`);
  return `${network.toString()}/64`;
}

/**
 * The client's address as limits see it (see limitKeyOf), from the socket's
 * peer and the X-Forwarded-For header, trusting only the configured proxies.
 * Null when the peer is unknown.
 */
export function resolveClientAddress(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  proxies: TrustedProxies,
): string | null {
  if (!peer) return null;
  const trust = trustFor(proxies);
  if (!trust || !forwardedFor) return limitKeyOf(peer);
  // proxy-addr reads only these two fields of the request.
  const request = { headers: { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress: peer } };
  const client = proxyaddr(request as unknown as IncomingMessage, trust);
  // A hop that is not an address (a broken proxy, or one more hop trusted than
  // exists) is not believed: the peer is.
  return limitKeyOf(client) ?? limitKeyOf(peer);
}
