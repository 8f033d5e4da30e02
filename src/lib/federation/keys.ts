// The actors' key pairs: generated once, kept in the database, so every
// process signs with the same keys and remote servers' caches stay right.
// RSA (RSASSA-PKCS1-v1_5) first, for Mastodon's draft-cavage signatures, then Ed25519.
import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import type { Db } from '../db.ts';
import { findKeyPairJwks, findKeyPairJwksOrThrow, insertKeyPairJwksIfNone } from './repo.ts';

const KEY_ALGORITHMS = ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const;

/** Processes starting together may each generate a pair; the first stored wins and every process reads that one. */
async function storedOrNew(db: Db, actor: string, algorithm: (typeof KEY_ALGORITHMS)[number]): Promise<CryptoKeyPair> {
  let row = await findKeyPairJwks(db, actor, algorithm);
  if (!row) {
    const pair = await generateCryptoKeyPair(algorithm);
    await insertKeyPairJwksIfNone(db, {
      actor,
      algorithm,
      privateJwk: JSON.stringify(await exportJwk(pair.privateKey)),
      publicJwk: JSON.stringify(await exportJwk(pair.publicKey)),
    });
    row = await findKeyPairJwksOrThrow(db, actor, algorithm);
  }
  return {
    privateKey: await importJwk(row.private_jwk, 'private'),
    publicKey: await importJwk(row.public_jwk, 'public'),
  };
}

export async function actorKeyPairs(db: Db, actor: string): Promise<CryptoKeyPair[]> {
  const pairs: CryptoKeyPair[] = [];
  for (const algorithm of KEY_ALGORITHMS) pairs.push(await storedOrNew(db, actor, algorithm));
  return pairs;
}
