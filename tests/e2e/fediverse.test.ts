// Issue 26 (2), first slice, as a new follower on another server would see
// it: a fediverse server made with Fedify in this test (not Wishcast) finds
// @blog by WebFinger, reads its profile and outbox, follows it with a signed
// Follow and gets a signed Accept; a Follow unsigned or signed with a key that
// is not the actor's is refused with 401 and changes nothing; Undo removes the
// follower. WebFinger and the ActivityPub addresses never meet the page cache.
// Then (issue 26, replies): a signed reply to a post's Article waits for the
// author's approval, shows with the remote name and profile link once
// approved, is edited by its Update and removed by its Delete; a forged reply
// is 401 and makes nothing; likes and boosts show as counts on the post's
// page; past 60 deliveries a minute from one host the inbox answers 429.
import { readdirSync, readFileSync } from 'node:fs';
import { signRequest } from '@fedify/fedify';
import {
  Accept,
  Announce,
  Article,
  Create,
  Delete,
  Follow,
  Hashtag,
  Like,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Tombstone,
  Undo,
  Update,
  type Actor,
} from '@fedify/vocab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFollower } from '../../src/lib/federation/followers-repo.ts';
import { startRemoteFediverse, type RemoteFediverse } from '../helpers/fediverse-remote.ts';
import { makeAccount, TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { todayWeekdayUtc, waitOutMidnight } from '../helpers/time.ts';
import {
  cookieFrom,
  dbTargets,
  postForm,
  postRaw,
  startSampleSite,
  stopSampleSite,
  type RunningServer,
  type TestSite,
} from '../helpers/site.ts';

const AP = 'application/activity+json';

function samplePosts(): { title: string; slug: string }[] {
  return readdirSync('content/posts').map((file) => {
    const text = readFileSync(`content/posts/${file}`, 'utf8');
    return { title: /^title: (.*)$/m.exec(text)![1]!, slug: /^slug: (.*)$/m.exec(text)![1]! };
  });
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(dbTargets)('the blog on the fediverse on %s', (target) => {
  let site: TestSite;
  let server: RunningServer;
  let remote: RemoteFediverse;
  let host: string;
  let blog: Actor;
  const authorEmail = uniqueEmail('author');

  const logIn = async () =>
    cookieFrom(
      await postForm(server.url, '/login?_action=auth.logIn', { email: authorEmail, password: TEST_PASSWORD }),
    );
  /** The author publishes a post through the editor, as on the site; resolves with its id. */
  const publish = async (title: string) => {
    const published = await postForm(
      server.url,
      '/admin/posts/new?_action=posts.save',
      { title, body: `${title}: a few words for the fediverse.`, tags: 'news', intent: 'publish' },
      { cookie: await logIn() },
    );
    expect(published.status).toBe(303);
    return Number(/\/admin\/posts\/(\d+)\/edit/.exec(published.headers.get('location') ?? '')![1]);
  };
  const createsOf = async (title: string) => {
    const found: Article[] = [];
    for (const activity of remote.received) {
      if (!(activity instanceof Create)) continue;
      const object = await activity.getObject();
      if (object instanceof Article && object.name?.toString() === title) found.push(object);
    }
    return found;
  };

  const followersCount = async () => {
    const res = await fetch(blog.followersId!, { headers: { accept: AP } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { totalItems: number }).totalItems;
  };

  beforeAll(async () => {
    await waitOutMidnight();
    remote = await startRemoteFediverse();
    ({ site, server } = await startSampleSite(target, {
      // Today is the wish day: the board is open for the shared wish and the reply that offers support.
      env: { FEDERATION_ALLOW_PRIVATE_ADDRESS: '1', WISH_DAY: todayWeekdayUtc(), SITE_TIMEZONE: 'UTC' },
      seed: async (db) => {
        await makeAccount(db, { email: authorEmail, role: 'author', name: 'Ada Author' });
        // Carol followed @wishes before the server started: the week's board, opened at start-up, is news to her.
        await addFollower(
          db,
          {
            actorId: `${remote.origin}/users/carol`,
            inbox: `${remote.origin}/users/carol/inbox`,
            sharedInbox: `${remote.origin}/inbox`,
            handle: `@carol@${new URL(remote.origin).host}`,
          },
          new Date(),
          'wishes',
        );
      },
    }));
    host = new URL(server.url).host;
    // Starting the site and the remote takes far longer on a loaded machine than the default hook timeout.
  }, 300_000);
  afterAll(async () => {
    await remote?.stop();
    await stopSampleSite(site, server);
  });

  it('answers WebFinger for @blog (and only for it, warm cache or not) with the actor, whose profile is the site', async () => {
    // Fedify's own handle lookup always asks over https; this server is plain http on loopback,
    // so the WebFinger query a remote makes is made here, as it would be.
    const ask = (resource: string) =>
      fetch(`${server.url}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`);
    expect((await ask(`acct:nobody@${host}`)).status).toBe(404);
    const found = await ask(`acct:blog@${host}`);
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control') ?? '').not.toMatch(/public/);
    const jrd = (await found.json()) as { subject: string; links: { rel: string; type?: string; href?: string }[] };
    expect(jrd.subject).toBe(`acct:blog@${host}`);
    const self = jrd.links.find((link) => link.rel === 'self' && link.type === AP);
    expect(self?.href).toBe(`${server.url}/ap/actors/blog`);
    // The same path with another resource is not answered from the first answer.
    expect((await ask(`acct:nobody@${host}`)).status).toBe(404);

    // A browser opening the actor's address gets the site's 404 page; that answer is not kept
    // for the fediverse's request of the same address (the cache's key does not include Accept).
    for (let i = 0; i < 2; i++) {
      const page = await fetch(self!.href!, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(404);
    }
    const object = await remote.context().lookupObject(self!.href!);
    expect(object).toBeInstanceOf(Person);
    blog = object as Person;
    expect(blog.name?.toString()).toBe('Wishcast');
    expect(blog.preferredUsername?.toString()).toBe('blog');
    expect(blog.url?.toString()).toBe(`${server.url}/`);
    expect(blog.inboxId?.href).toBe(`${server.url}/ap/actors/blog/inbox`);
    expect(blog.endpoints?.sharedInbox?.href).toBe(`${server.url}/ap/inbox`);
    expect((await blog.getPublicKey())?.id?.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ap\/actors\/blog#/);

    const nodeinfo = await fetch(`${server.url}/.well-known/nodeinfo`);
    const link = ((await nodeinfo.json()) as { links: { href: string }[] }).links[0]!.href;
    const info = (await (await fetch(link)).json()) as { software: { name: string }; protocols: string[] };
    expect(info.software.name).toBe('wishcast');
    expect(info.protocols).toEqual(['activitypub']);
  });

  it("lists the published posts in the blog's outbox as Articles with their tags as hashtags", async () => {
    const ctx = remote.context();
    const outbox = await blog.getOutbox(ctx);
    const posts = samplePosts();
    expect(outbox?.totalItems).toBe(posts.length);
    const articles: Article[] = [];
    for await (const item of ctx.traverseCollection(outbox!)) {
      expect(item).toBeInstanceOf(Create);
      const article = await (item as Create).getObject(ctx);
      expect(article).toBeInstanceOf(Article);
      articles.push(article as Article);
    }
    expect(articles.map((a) => a.name?.toString()).sort()).toEqual(posts.map((p) => p.title).sort());
    const first = articles.find((a) => a.url?.toString().endsWith('/posts/ask-what-you-can-do-first'))!;
    expect(first.attributionId?.href).toBe(blog.id!.href);
    expect(first.content?.toString()).toContain('<h2');
    const tags: Hashtag[] = [];
    for await (const tag of first.getTags()) if (tag instanceof Hashtag) tags.push(tag);
    expect(tags.map((t) => [t.name?.toString(), t.href?.href]).sort()).toEqual([
      ['#giving', `${server.url}/tags/giving`],
      ['#networking', `${server.url}/tags/networking`],
    ]);
    // Each Article can be fetched at its own address too.
    const again = await ctx.lookupObject(first.id!);
    expect((again as Article).name?.toString()).toBe('Ask what you can do first');
  });

  it('refuses a Follow that is unsigned or signed with a key that is not the actor’s: 401, nobody added', async () => {
    const ctx = remote.context();
    const forged = new Follow({
      id: new URL(`${remote.origin}/follows/forged`),
      actor: ctx.getActorUri('bob'),
      object: blog.id,
    });
    const body = JSON.stringify(await forged.toJsonLd({ contextLoader: ctx.contextLoader }));
    const inbox = blog.inboxId!.href;
    const unsigned = await fetch(inbox, { method: 'POST', headers: { 'content-type': AP }, body });
    expect(unsigned.status).toBe(401);
    // Signed with alice's key under bob's key id: the signature does not verify.
    const aliceKey = remote.keys.get('alice')![0]!.privateKey;
    const bobKeyId = (await ctx.getActorKeyPairs('bob'))[0]!.keyId;
    const request = await signRequest(
      new Request(inbox, { method: 'POST', headers: { 'content-type': AP, accept: AP }, body }),
      aliceKey,
      bobKeyId,
      { spec: 'draft-cavage-http-signatures-12' },
    );
    expect((await fetch(request)).status).toBe(401);
    // Deliveries larger than a form reach the inbox (and its signature check); past 256 KB they are refused unread.
    const padded = JSON.stringify({ ...JSON.parse(body), content: 'x'.repeat(100_000) });
    expect((await postRaw(inbox, padded, { 'content-type': AP })).status).toBe(401);
    const huge = JSON.stringify({ ...JSON.parse(body), content: 'x'.repeat(300_000) });
    expect((await postRaw(inbox, huge, { 'content-type': AP })).status).toBe(413);
    // A form posted from another site is still refused by the origin check.
    const form = await postRaw(inbox, 'type=Follow', {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
    });
    expect(form.status).toBe(403);
    await new Promise((r) => setTimeout(r, 500));
    expect(await followersCount()).toBe(0);
    // (The board's opening note may come to Carol meanwhile: it is @wishes's, not an answer to these.)
    expect(remote.received.filter((activity) => activity instanceof Accept)).toEqual([]);
  });

  it('accepts a signed Follow with a signed Accept, sends the next post and its deletion signed, and after Undo nothing more', async () => {
    const ctx = remote.context();
    const follow = new Follow({
      id: new URL(`${remote.origin}/follows/1`),
      actor: ctx.getActorUri('alice'),
      object: blog.id,
    });
    await ctx.sendActivity({ identifier: 'alice' }, blog, follow);
    // The remote inbox keeps only deliveries whose signature it verified against the blog's key.
    const accept = await until(
      () => remote.received.find((activity) => activity instanceof Accept),
      'the Accept in the remote inbox',
    );
    expect(accept.actorId?.href).toBe(blog.id!.href);
    expect(accept.objectId?.href).toBe(follow.id!.href);
    expect(await followersCount()).toBe(1);
    const page = (await (await fetch(`${blog.followersId!.href}?cursor=`, { headers: { accept: AP } })).json()) as {
      orderedItems: string[];
    };
    expect(page.orderedItems).toEqual([ctx.getActorUri('alice').href]);

    // The next post reaches the follower (at the shared inbox it offers), signed by the blog;
    // the older sample posts are not news and are not sent.
    const postId = await publish('Hello, fediverse');
    const [article] = await until(
      async () => ((await createsOf('Hello, fediverse')).length > 0 ? createsOf('Hello, fediverse') : undefined),
      'the new post in the remote inbox',
      30_000,
    );
    expect(article!.attributionId?.href).toBe(blog.id!.href);
    expect(article!.url?.toString()).toMatch(/\/posts\/hello-fediverse$/);
    expect(article!.content?.toString()).toContain('a few words for the fediverse');
    const fromBlog = (activity: unknown) => activity instanceof Create && activity.actorId?.href === blog.id!.href;
    expect(remote.received.filter(fromBlog)).toHaveLength(1);
    expect(remote.receivedShared.filter(fromBlog)).toHaveLength(1);

    // Deleting the post sends a Delete of its Article.
    const deleted = await postForm(
      server.url,
      `/admin/posts/${postId}/delete?_action=posts.delete`,
      { id: String(postId) },
      { cookie: await logIn() },
    );
    expect(deleted.status).toBe(303);
    const removal = await until(
      () => remote.received.find((activity) => activity instanceof Delete),
      'the Delete in the remote inbox',
      30_000,
    );
    expect(removal.objectId?.href).toBe(article!.id!.href);

    await ctx.sendActivity(
      { identifier: 'alice' },
      blog,
      new Undo({ id: new URL(`${remote.origin}/follows/1/undo`), actor: ctx.getActorUri('alice'), object: follow }),
    );
    await until(async () => ((await followersCount()) === 0 ? true : undefined), 'the follower to be removed');
    await publish('After the undo');
    // The announcer looks every 10 seconds; give it two looks.
    await new Promise((r) => setTimeout(r, 21_000));
    expect(await createsOf('After the undo')).toEqual([]);
  });

  /** A page's HTML; the post page as a reader sees it (through the page cache). */
  const page = async (path: string, cookie?: string) => {
    const res = await fetch(`${server.url}${path}`, cookie ? { headers: { cookie } } : {});
    expect(res.status).toBe(200);
    return res.text();
  };

  it('holds a signed reply to a post for the author, shows it with its writer once approved, edits and deletes it; a forged reply is 401 and makes nothing', async () => {
    const ctx = remote.context();
    const postId = await publish('Replies welcome');
    const article = new URL(`${server.url}/ap/articles/${postId}`);
    const bob = ctx.getActorUri('bob');
    await ctx.sendActivity(
      { identifier: 'bob' },
      blog,
      new Follow({ id: new URL(`${remote.origin}/follows/bob`), actor: bob, object: blog.id }),
    );
    await until(
      () => remote.received.find((a) => a instanceof Accept && a.objectId?.href.endsWith('/follows/bob')),
      'bob’s Accept',
    );
    const noteOf = (n: string, content: string, replyTo: URL = article, by = 'bob') =>
      new Note({
        id: new URL(`${remote.origin}/users/${by}/notes/${n}`),
        attribution: ctx.getActorUri(by),
        replyTarget: replyTo,
        content,
        to: PUBLIC_COLLECTION,
        cc: blog.id,
      });
    const createOf = (note: Note, by = 'bob') =>
      new Create({
        id: new URL(`${note.id!.href}/activity`),
        actor: ctx.getActorUri(by),
        object: note,
        to: PUBLIC_COLLECTION,
      });
    const postPage = () => page('/posts/replies-welcome');
    const queuePage = async () => page('/admin/comments', await logIn());
    // The page is cached before anything arrives: what follows must reach it anyway.
    expect(await postPage()).not.toContain('Bob writes');

    // Forged: bob's reply signed with alice's key under bob's key id.
    const forged = JSON.stringify(
      await createOf(noteOf('forged', '<p>Forged words</p>')).toJsonLd({ contextLoader: ctx.contextLoader }),
    );
    const inbox = blog.inboxId!.href;
    const request = await signRequest(
      new Request(inbox, { method: 'POST', headers: { 'content-type': AP, accept: AP }, body: forged }),
      remote.keys.get('alice')![0]!.privateKey,
      (await ctx.getActorKeyPairs('bob'))[0]!.keyId,
      { spec: 'draft-cavage-http-signatures-12' },
    );
    expect((await fetch(request)).status).toBe(401);
    expect((await postRaw(inbox, forged, { 'content-type': AP })).status).toBe(401);

    const first = noteOf('1', '<p>Bob writes: lovely <img src="https://evil.example/x.png" onerror="alert(1)"></p>');
    await ctx.sendActivity({ identifier: 'bob' }, blog, createOf(first));
    const queued = await until(async () => {
      const html = await queuePage();
      return html.includes('Bob writes') ? html : undefined;
    }, 'the held reply in the moderation queue');
    expect(queued).not.toContain('Forged words');
    expect(queued).not.toContain('evil.example');
    expect(await postPage()).not.toContain('Bob writes');
    const id = /id="queued-(\d+)"/.exec(queued)![1]!;
    const approved = await postForm(
      server.url,
      '/admin/comments?_action=comments.moderate',
      { ids: id, decision: 'approve' },
      { cookie: await logIn() },
    );
    expect(approved.status).toBe(303);
    const shown = await postPage();
    expect(shown).toContain('Bob writes: lovely');
    expect(shown).toContain(`<a href="${bob.href}" rel="nofollow ugc noopener">Bob</a>`);
    expect(shown).not.toContain('evil.example');

    // Bob is known now: his next reply, to his own, shows at once and nests under it.
    await ctx.sendActivity({ identifier: 'bob' }, blog, createOf(noteOf('2', '<p>Bob again, nested</p>', first.id!)));
    const nested = await until(async () => {
      const html = await postPage();
      return html.includes('Bob again, nested') ? html : undefined;
    }, 'the second reply on the page');
    expect(nested.indexOf('Bob again, nested')).toBeGreaterThan(nested.indexOf('Bob writes: lovely'));
    // Delivered again, it is still one comment (after the Delete below none is left).
    await ctx.sendActivity({ identifier: 'bob' }, blog, createOf(noteOf('2', '<p>Bob again, nested</p>', first.id!)));

    await ctx.sendActivity(
      { identifier: 'bob' },
      blog,
      new Update({ id: new URL(`${first.id!.href}#update`), actor: bob, object: noteOf('1', '<p>Bob rewrote it</p>') }),
    );
    await until(async () => ((await postPage()).includes('Bob rewrote it') ? true : undefined), 'the edit on the page');
    await ctx.sendActivity(
      { identifier: 'bob' },
      blog,
      new Delete({
        id: new URL(`${remote.origin}/users/bob/notes/2#delete`),
        actor: bob,
        object: new Tombstone({ id: new URL(`${remote.origin}/users/bob/notes/2`) }),
      }),
    );
    const after = await until(async () => {
      const html = await postPage();
      return html.includes('Bob again, nested') ? undefined : html;
    }, 'the deleted reply gone from the page');
    expect(after).toContain('Bob rewrote it');
    expect(after.match(/Bob again, nested/g)).toBeNull();
  });

  it('shows likes and boosts of a post as counts on its page, and takes a like back on Undo', async () => {
    const ctx = remote.context();
    const post = samplePosts().find((p) => p.slug === 'ask-what-you-can-do-first')!;
    const pagePath = `/posts/${post.slug}`;
    expect(await page(pagePath)).not.toContain('on the fediverse');
    const outbox = await blog.getOutbox(ctx);
    let article: URL | undefined;
    for await (const item of ctx.traverseCollection(outbox!)) {
      const object = await (item as Create).getObject(ctx);
      if (object instanceof Article && object.url?.toString().endsWith(pagePath)) article = object.id!;
    }
    const like = new Like({
      id: new URL(`${remote.origin}/likes/1`),
      actor: ctx.getActorUri('alice'),
      object: article!,
    });
    await ctx.sendActivity({ identifier: 'alice' }, blog, like);
    await ctx.sendActivity(
      { identifier: 'bob' },
      blog,
      new Like({ id: new URL(`${remote.origin}/likes/2`), actor: ctx.getActorUri('bob'), object: article! }),
    );
    await ctx.sendActivity(
      { identifier: 'bob' },
      blog,
      new Announce({
        id: new URL(`${remote.origin}/boosts/1`),
        actor: ctx.getActorUri('bob'),
        object: article!,
        to: PUBLIC_COLLECTION,
      }),
    );
    await until(
      async () => ((await page(pagePath)).includes('2 likes · 1 boost on the fediverse') ? true : undefined),
      'the counts on the post page',
    );
    await ctx.sendActivity(
      { identifier: 'alice' },
      blog,
      new Undo({ id: new URL(`${remote.origin}/likes/1/undo`), actor: ctx.getActorUri('alice'), object: like }),
    );
    await until(
      async () => ((await page(pagePath)).includes('1 like · 1 boost on the fediverse') ? true : undefined),
      'the like taken back',
    );
  });

  it('answers 429 past 60 deliveries a minute from one host, before reading them', async () => {
    const flood = (n: number) =>
      fetch(`${server.url}/ap/actors/blog/inbox`, {
        method: 'POST',
        body: JSON.stringify({ type: 'Like', n }),
        headers: {
          'content-type': AP,
          signature: `keyId="https://flood.example/users/x#main-key",algorithm="rsa-sha256",headers="(request-target)",signature="AAAA"`,
        },
      });
    // Each is refused on its merits (not JSON-LD, not signed) until the limit.
    for (let i = 0; i < 60; i++) expect([400, 401]).toContain((await flood(i)).status);
    const refused = await flood(60);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another host is not held back by that one.
    const other = await postRaw(`${server.url}/ap/actors/blog/inbox`, '{}', { 'content-type': AP });
    expect([400, 401]).toContain(other.status);
  });

  it('is also the wish board, @wishes: found by WebFinger, followed apart from @blog, and its followers get the opening note', async () => {
    const ctx = remote.context();
    const found = await fetch(
      `${server.url}/.well-known/webfinger?resource=${encodeURIComponent(`acct:wishes@${host}`)}`,
    );
    expect(found.status).toBe(200);
    const jrd = (await found.json()) as { links: { rel: string; type?: string; href?: string }[] };
    const self = jrd.links.find((link) => link.rel === 'self' && link.type === AP)!.href!;
    expect(self).toBe(`${server.url}/ap/actors/wishes`);
    const wishes = (await ctx.lookupObject(self)) as Actor;
    expect(wishes.preferredUsername?.toString()).toBe('wishes');
    expect(wishes.url?.toString()).toBe(`${server.url}/wishes`);

    // The board opened at start-up reached Carol, signed by @wishes, with a link to it.
    const opening = await until(
      () =>
        remote.receivedShared.find(
          (activity) => activity instanceof Create && activity.actorId?.href === wishes.id!.href,
        ) as Create | undefined,
      'the board’s opening note',
      30_000,
    );
    const note = await opening.getObject(ctx);
    expect(note).toBeInstanceOf(Note);
    expect(note!.content?.toString()).toMatch(/^<p>The wish board is open: /);
    expect(note!.content?.toString()).toMatch(new RegExp(`href="${server.url}/wishes/\\d{4}-\\d{2}-\\d{2}"`));
    // The note is at its own address too.
    expect(((await ctx.lookupObject(note!.id!)) as Note).content?.toString()).toBe(note!.content?.toString());

    const follow = new Follow({
      id: new URL(`${remote.origin}/follows/wishes`),
      actor: ctx.getActorUri('bob'),
      object: wishes.id,
    });
    await ctx.sendActivity({ identifier: 'bob' }, wishes, follow);
    const accept = await until(
      () => remote.received.find((a) => a instanceof Accept && a.objectId?.href === follow.id!.href),
      'the Accept from @wishes',
    );
    expect(accept.actorId?.href).toBe(wishes.id!.href);
    const count = async () =>
      ((await (await fetch(wishes.followersId!, { headers: { accept: AP } })).json()) as { totalItems: number })
        .totalItems;
    expect(await count()).toBe(2);
    await ctx.sendActivity(
      { identifier: 'bob' },
      wishes,
      new Undo({ id: new URL(`${follow.id!.href}/undo`), actor: ctx.getActorUri('bob'), object: follow }),
    );
    await until(async () => ((await count()) === 1 ? true : undefined), 'bob no longer following @wishes');
  });

  it('posts a wish shared on the fediverse as a note from @wishes; a reply to it is an offer held for the author, then shown with its writer and told to the wisher', async () => {
    const ctx = remote.context();
    const wishes = (await ctx.lookupObject(`${server.url}/ap/actors/wishes`)) as Actor;
    const follow = new Follow({
      id: new URL(`${remote.origin}/follows/wishes-again`),
      actor: ctx.getActorUri('alice'),
      object: wishes.id,
    });
    await ctx.sendActivity({ identifier: 'alice' }, wishes, follow);
    await until(
      () => remote.received.find((a) => a instanceof Accept && a.objectId?.href === follow.id!.href),
      'the Accept from @wishes for alice',
    );

    const cookie = await logIn();
    const boardDate = /name="board_date" value="(\d{4}-\d{2}-\d{2})"/.exec(await page('/wishes', cookie))![1]!;
    expect(await page('/wishes', cookie)).toContain('Also share on the fediverse');
    const wish = (body: string, share: boolean) =>
      postForm(
        server.url,
        '/wishes?_action=wishes.post',
        { board_date: boardDate, body, ...(share ? { share_on_fediverse: 'on' } : {}) },
        { cookie },
      );
    expect((await wish('A quiet wish, kept on the site', false)).status).toBeLessThan(400);
    expect((await wish('Someone to read my first chapter', true)).status).toBeLessThan(400);
    const noteOfWish = async () => {
      for (const activity of remote.received) {
        if (!(activity instanceof Create) || activity.actorId?.href !== wishes.id!.href) continue;
        const object = await activity.getObject(ctx);
        if (object instanceof Note && object.content?.toString().includes('first chapter')) return object;
      }
      return undefined;
    };
    const note = await until(noteOfWish, 'the shared wish’s note from @wishes', 30_000);
    expect(note.content?.toString()).toMatch(new RegExp(`href="${server.url}/wishes/${boardDate}/\\d+"`));
    expect(note.content?.toString()).not.toContain(authorEmail);
    expect(note.content?.toString()).not.toContain('Ada Author');
    const wishPath = new URL(note.url!.toString()).pathname;
    // The wish not shared never goes.
    for (const activity of remote.received) {
      if (!(activity instanceof Create)) continue;
      const object = await activity.getObject(ctx);
      expect(object instanceof Note ? object.content?.toString() : '').not.toContain('quiet wish');
    }
    // The note is at its own address.
    expect(((await ctx.lookupObject(note.id!)) as Note).content?.toString()).toBe(note.content?.toString());

    const reply = new Note({
      id: new URL(`${remote.origin}/users/bob/notes/offer-1`),
      attribution: ctx.getActorUri('bob'),
      replyTarget: note.id,
      content: '<p>Bob can read it this weekend <script>alert(1)</script></p>',
      to: PUBLIC_COLLECTION,
      cc: wishes.id,
    });
    await ctx.sendActivity(
      { identifier: 'bob' },
      wishes,
      new Create({ id: new URL(`${reply.id!.href}/activity`), actor: ctx.getActorUri('bob'), object: reply }),
    );
    const queue = await until(async () => {
      const html = await page('/admin/wishes', await logIn());
      return html.includes('Bob can read it this weekend') ? html : undefined;
    }, 'the reply held as an offer in the moderation queue');
    expect(queue).not.toContain('<script>alert(1)');
    expect(await page(wishPath)).not.toContain('Bob can read it this weekend');
    const offerId = /id="offer-(\d+)"/.exec(queue)![1]!;
    const approved = await postForm(
      server.url,
      '/admin/wishes?_action=wishes.moderate',
      { target: 'offer', id: offerId, status: 'approved' },
      { cookie: await logIn() },
    );
    expect(approved.status).toBe(303);
    const shown = await page(wishPath);
    expect(shown).toContain('Bob can read it this weekend');
    expect(shown).toContain(`<a href="${ctx.getActorUri('bob').href}" rel="nofollow ugc noopener">Bob</a>`);
    // The wisher (here the author's account) is told as of any offer.
    expect(await page('/notifications', await logIn())).toContain('Bob offered encouragement on your wish');
  });

  it('gives the author /admin/fediverse: counts, the list, removing a follower, blocking a domain (403, its followers gone) and unblocking it', async () => {
    const ctx = remote.context();
    const admin = '/admin/fediverse';
    expect((await fetch(`${server.url}${admin}`, { redirect: 'manual' })).status).toBe(303);
    const cookie = await logIn();
    const before = await page(admin, cookie);
    // bob follows the blog (from the replies); carol and alice follow the wish board.
    expect(before).toMatch(/\(the blog\): 1\s+follower\b/);
    expect(before).toMatch(/\(the\s+wish board\): 2\s+followers/);
    expect(before).toContain(`@bob@${new URL(remote.origin).host}`);
    const removed = await postForm(
      server.url,
      `${admin}?_action=fediverse.removeFollower`,
      { local_actor: 'blog', actor_id: ctx.getActorUri('bob').href },
      { cookie },
    );
    expect(removed.status).toBe(303);
    expect(await page(admin, cookie)).toMatch(/\(the blog\): 0\s+followers/);
    expect(await page(`${admin}?actor=wishes`, cookie)).toContain(`@carol@${new URL(remote.origin).host}`);

    // Blocking the remote's domain removes its followers, and its deliveries are refused with 403, changing nothing.
    const blocked = await postForm(
      server.url,
      `${admin}?_action=fediverse.block`,
      { domain: `http://${new URL(remote.origin).host}/` },
      { cookie },
    );
    expect(blocked.status).toBe(303);
    const after = await page(admin, cookie);
    expect(after).toMatch(/\(the\s+wish board\): 0\s+followers/);
    expect(after).toContain('<td>127.0.0.1</td>');
    const follow = new Follow({
      id: new URL(`${remote.origin}/follows/blocked`),
      actor: ctx.getActorUri('alice'),
      object: blog.id,
    });
    const body = JSON.stringify(await follow.toJsonLd({ contextLoader: ctx.contextLoader }));
    const pair = remote.keys.get('alice')![0]!;
    const signed = await signRequest(
      new Request(blog.inboxId!.href, { method: 'POST', headers: { 'content-type': AP, accept: AP }, body }),
      pair.privateKey,
      (await ctx.getActorKeyPairs('alice'))[0]!.keyId,
      { spec: 'draft-cavage-http-signatures-12' },
    );
    expect((await fetch(signed)).status).toBe(403);
    expect(await followersCount()).toBe(0);

    const unblocked = await postForm(
      server.url,
      `${admin}?_action=fediverse.unblock`,
      { domain: '127.0.0.1' },
      { cookie },
    );
    expect(unblocked.status).toBe(303);
    expect(await page(admin, cookie)).not.toContain('<td>127.0.0.1</td>');
  });
});
