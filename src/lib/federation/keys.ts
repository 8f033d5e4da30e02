// The actors' key pairs: generated once, kept in the database, so every
// process signs with the same keys and remote servers' caches stay right.
// RSA (RSASSA-PKCS1-v1_5) first, for Mastodon's draft-cavage signatures, then Ed25519.
import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import type { Db } from '../db.ts';

export const KEY_ALGORITHMS = ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const;

/** Processes starting together may each generate a pair; the first stored wins and every process reads that one. */
async function storedOrNew(db: Db, actor: string, algorithm: (typeof KEY_ALGORITHMS)[number]): Promise<CryptoKeyPair> {
  let row = await db
    .selectFrom('fediverse_keys')
    .select(['private_jwk', 'public_jwk'])
    .where('actor', '=', actor)
    .where('algorithm', '=', algorithm)
    .executeTakeFirst();
  if (!row) {
    const pair = await generateCryptoKeyPair(algorithm);
    await db
      .insertInto('fediverse_keys')
      .values({
        actor,
        algorithm,
        private_jwk: JSON.stringify(await exportJwk(pair.privateKey)),
        public_jwk: JSON.stringify(await exportJwk(pair.publicKey)),
      })
      .onConflict((oc) => oc.columns(['actor', 'algorithm']).doNothing())
      .execute();
    row = await db
      .selectFrom('fediverse_keys')
      .select(['private_jwk', 'public_jwk'])
      .where('actor', '=', actor)
      .where('algorithm', '=', algorithm)
      .executeTakeFirstOrThrow();
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
