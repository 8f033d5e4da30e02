// Another fediverse server for end-to-end tests, made with Fedify (not with
// Wishcast): actors alice and bob on a loopback port, an inbox that keeps what
// arrives (Fedify verifies each delivery's signature before it is kept), and a
// context to look things up and send signed activities as Mastodon would.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createFederation, generateCryptoKeyPair, MemoryKvStore, type Context, type Federation } from '@fedify/fedify';
import { Activity, Endpoints, Person } from '@fedify/vocab';
import { freePort } from './server.ts';

export const REMOTE_ACTORS = ['alice', 'bob'] as const;

export interface RemoteFediverse {
  origin: string;
  federation: Federation<void>;
  context: () => Context<void>;
  /** Activities delivered to any inbox here, signatures verified, in arrival order. */
  received: Activity[];
  /** Those of them that came to the shared inbox. */
  receivedShared: Activity[];
  /** Each actor's key pairs (a test may sign with the wrong one to forge). */
  keys: Map<string, CryptoKeyPair[]>;
  stop: () => Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? new Uint8Array(body) : undefined,
  });
}

export async function startRemoteFediverse(): Promise<RemoteFediverse> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const received: Activity[] = [];
  const receivedShared: Activity[] = [];
  const keys = new Map<string, CryptoKeyPair[]>();
  for (const name of REMOTE_ACTORS) {
    keys.set(name, [await generateCryptoKeyPair('RSASSA-PKCS1-v1_5'), await generateCryptoKeyPair('Ed25519')]);
  }
  const federation = createFederation<void>({
    kv: new MemoryKvStore(),
    origin,
    allowPrivateAddress: true,
    // Mastodon signs with draft-cavage HTTP Signatures: so does this server, first.
    firstKnock: 'draft-cavage-http-signatures-12',
  });
  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if (!keys.has(identifier)) return null;
      const pairs = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: identifier[0]!.toUpperCase() + identifier.slice(1),
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: pairs[0]!.cryptographicKey,
        assertionMethods: pairs.map((pair) => pair.multikey),
      });
    })
    .setKeyPairsDispatcher((_ctx, identifier) => keys.get(identifier) ?? []);
  federation.setInboxListeners('/users/{identifier}/inbox', '/inbox').on(Activity, (ctx, activity) => {
    received.push(activity);
    if (ctx.recipient === null) receivedShared.push(activity);
  });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void federation
        .fetch(toRequest(req, origin, Buffer.concat(chunks)), { contextData: undefined })
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin,
    federation,
    context: () => federation.createContext(new URL(origin), undefined),
    received,
    receivedShared,
    keys,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
