// The passkey ceremonies' request side, shared by the actions and the options
// endpoint: the relying party (SITE_URL and the site's name) and who is asking.
import { relyingPartyOf, type PasskeyContext, type RelyingParty } from '../lib/auth/passkeys/service.ts';
import { readSiteName } from '../lib/settings/settings.ts';
import { getApp } from './app.ts';
import { clientAddressOf } from './client-address.ts';

export async function relyingParty(): Promise<RelyingParty> {
  const { db, config } = getApp();
  return relyingPartyOf(config.siteUrl, await readSiteName(db));
}

export function passkeyContext(context: Parameters<typeof clientAddressOf>[0]): PasskeyContext {
  const app = getApp();
  return { ip: clientAddressOf(context), now: app.now(), rateLimitFactor: app.config.rateLimitFactor };
}
