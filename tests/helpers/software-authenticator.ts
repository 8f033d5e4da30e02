// A software passkey for tests without a browser: an ES256 key pair that
// answers WebAuthn ceremonies as an authenticator and browser would (attestation
// "none", user present and verified), so the server's real verification runs.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

type Cbor = number | string | Uint8Array | CborMap | CborRecord;
type CborMap = Map<Cbor, Cbor>;
interface CborRecord {
  [key: string]: Cbor;
}

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 256) return [(major << 5) | 24, n];
  if (n < 65536) return [(major << 5) | 25, n >> 8, n & 255];
  throw new Error('too long for this small encoder');
}

/** Just enough CBOR for attestation objects and COSE keys. */
function cbor(value: Cbor): number[] {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return [...head(3, bytes.length), ...bytes];
  }
  if (value instanceof Uint8Array) return [...head(2, value.length), ...value];
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return [...head(5, entries.length), ...entries.flatMap(([k, v]) => [...cbor(k), ...cbor(v)])];
}

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const UP_UV = 0x01 | 0x04;
const ATTESTED = 0x40;

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

export interface SoftwarePasskey {
  id: string;
  /** Sets the counter the next answer reports (each answer otherwise adds one). */
  counter: number;
  /** The answer to a registration's options, as @simplewebauthn/browser would send it. */
  register(options: { challenge: string; rp: { id?: string } }, origin: string): string;
  /** The answer to an authentication's options. */
  authenticate(options: { challenge: string; rpId?: string }, origin: string): string;
}

export function softwarePasskey(userId: string, overrides: { rpId?: string } = {}): SoftwarePasskey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const credentialId = randomBytes(16);
  const jwk = publicKey.export({ format: 'jwk' });
  const coseKey = new Map<Cbor, Cbor>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x!, 'base64url')],
    [-3, Buffer.from(jwk.y!, 'base64url')],
  ]);
  const passkey: SoftwarePasskey = {
    id: b64url(credentialId),
    counter: 0,
    register(options, origin) {
      const rpId = overrides.rpId ?? options.rp.id!;
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([UP_UV | ATTESTED]),
        counterBytes(passkey.counter),
        Buffer.alloc(16), // aaguid
        Buffer.from([credentialId.length >> 8, credentialId.length & 255]),
        credentialId,
        Buffer.from(cbor(coseKey)),
      ]);
      const clientData = JSON.stringify({
        type: 'webauthn.create',
        challenge: options.challenge,
        origin,
        crossOrigin: false,
      });
      const attestationObject = Buffer.from(cbor({ fmt: 'none', attStmt: new Map(), authData }));
      return JSON.stringify({
        id: passkey.id,
        rawId: passkey.id,
        type: 'public-key',
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
        response: {
          clientDataJSON: b64url(clientData),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
      });
    },
    authenticate(options, origin) {
      passkey.counter += 1;
      const rpId = overrides.rpId ?? options.rpId!;
      const authData = Buffer.concat([sha256(rpId), Buffer.from([UP_UV]), counterBytes(passkey.counter)]);
      const clientData = JSON.stringify({
        type: 'webauthn.get',
        challenge: options.challenge,
        origin,
        crossOrigin: false,
      });
      const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), privateKey as KeyObject);
      return JSON.stringify({
        id: passkey.id,
        rawId: passkey.id,
        type: 'public-key',
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(clientData),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: b64url(userId),
        },
      });
    },
  };
  return passkey;
}
