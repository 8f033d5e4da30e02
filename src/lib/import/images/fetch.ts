// Fetching an old blog's images, carefully: only http(s); a private, loopback
// or otherwise non-public address is refused (checked on the address actually
// connected to, after DNS, so a name cannot point inside the network); a few
// redirects, each checked again; a time limit on the whole fetch and a size
// limit on the body, counted as it arrives.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface ImageFetchOptions {
  /** IMPORT_ALLOW_PRIVATE_ADDRESS: tests serve images on loopback. */
  allowPrivate: boolean;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export const IMAGE_FETCH_DEFAULTS = { timeoutMs: 20_000, maxRedirects: 3 } as const;

/** A fetch that failed, with a reason a person can read in the import summary. */
export class ImageFetchError extends Error {}

/** Whether an IP address is one the public internet routes to. */
export function isPublicAddress(address: string): boolean {
  try {
    return ipaddr.process(address).range() === 'unicast';
  } catch {
    return false;
  }
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      const usable = addresses.filter((a) => allowPrivate || isPublicAddress(a.address));
      if (usable.length === 0) {
        return callback(new ImageFetchError(`${hostname} is a private address (refused)`), '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

function getOnce(url: URL, options: ImageFetchOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !options.allowPrivate && !isPublicAddress(host)) {
    return Promise.reject(new ImageFetchError(`${host} is a private address (refused)`));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, {
      lookup: guardedLookup(options.allowPrivate),
      signal,
      headers: { 'user-agent': 'Wishcast importer (moving a blog in)', accept: 'image/*' },
    });
    request.on('response', resolve);
    request.on('error', reject);
  });
}

/** The bytes of an image at this address, or an ImageFetchError saying why not. */
export async function fetchImage(address: string, options: ImageFetchOptions): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new ImageFetchError('not a web address');
  }
  try {
    for (let redirects = 0; ; redirects++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ImageFetchError(`${url.protocol} address`);
      const response = await getOnce(url, options, signal);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (redirects >= options.maxRedirects) throw new ImageFetchError(`more than ${options.maxRedirects} redirects`);
        url = new URL(response.headers.location, url);
        continue;
      }
      if (status !== 200) {
        response.resume();
        throw new ImageFetchError(`HTTP ${status}`);
      }
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > options.maxBytes) {
        response.destroy();
        throw new ImageFetchError(`larger than ${options.maxBytes} bytes`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > options.maxBytes) {
          response.destroy();
          throw new ImageFetchError(`larger than ${options.maxBytes} bytes`);
        }
        chunks.push(chunk);
      }
      return new Uint8Array(Buffer.concat(chunks));
    }
  } catch (error) {
    if (error instanceof ImageFetchError) throw error;
    if (signal.aborted) throw new ImageFetchError(`no answer within ${Math.round(options.timeoutMs / 1000)} s`);
    const cause = error as NodeJS.ErrnoException;
    if (cause.cause instanceof ImageFetchError) throw cause.cause;
    throw new ImageFetchError(cause.code ?? cause.message);
  }
}
