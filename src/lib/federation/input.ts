// The author's forms on /admin/fediverse.
import { z } from 'astro/zod';

const LOCAL_ACTOR_NAMES = ['blog', 'wishes'] as const;

/** A domain name (or an address's host) as the author types it (`mastodon.example`, or a pasted address or handle): kept lower-case. */
const domainField = z
  .string({ error: 'Give the domain to block, such as spam.example.' })
  .trim()
  .transform((v) => {
    const bare = v
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^.*@/, '')
      .replace(/[/:].*$/, '');
    return bare.replace(/\.$/, '');
  })
  .refine(
    (v) =>
      v.length <= 253 && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(v),
    'Give a domain name, such as spam.example.',
  );

export const blockDomainInput = z.object({ domain: domainField });

export const removeRemoteFollowerInput = z.object({
  local_actor: z.enum(LOCAL_ACTOR_NAMES, { error: 'Choose the blog or the wish board.' }),
  actor_id: z.string().max(2000).url('That follower is not an address.'),
});
