// Every form posted with missing, duplicated, oversized, wrongly typed and
// malformed fields: always a 4xx (or a normal success), never a 5xx, and the
// server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMS, type FormTarget } from '../helpers/forms.ts';
import { cookieFrom, postForm, postRaw, type RunningServer, type TestSite } from '../helpers/server.ts';
import { startSampleSite, stopSampleSite } from '../helpers/site.ts';
import { createConfirmedAccount } from '../helpers/fixtures.ts';

interface Variant {
  name: string;
  body: string | Uint8Array;
  contentType: string;
}

function encode(fields: [string, string][]): string {
  return new URLSearchParams(fields).toString();
}

function variantsFor(form: FormTarget): Variant[] {
  const entries = Object.entries(form.fields);
  const urlencoded = 'application/x-www-form-urlencoded';
  const variants: Variant[] = [
    { name: 'no fields at all', body: '', contentType: urlencoded },
    { name: 'NUL bytes in every field', body: encode(entries.map(([k]) => [k, 'a\u0000b'])), contentType: urlencoded },
    {
      name: 'control characters',
      body: encode(entries.map(([k]) => [k, '\u0001\u0007\u001b[31m'])),
      contentType: urlencoded,
    },
    {
      name: 'invalid UTF-8',
      body: entries.map(([k]) => `${k}=%FF%FE%C3%28`).join('&') || 'x=%FF',
      contentType: urlencoded,
    },
    {
      name: 'broken percent-encoding',
      body: entries.map(([k]) => `${k}=%E0%A4%A`).join('&') || 'x=%',
      contentType: urlencoded,
    },
    {
      name: 'numbers and booleans as text',
      body: encode(entries.map(([k]) => [k, k.endsWith('id') ? 'true' : '12345'])),
      contentType: urlencoded,
    },
    {
      name: 'ids out of range',
      body: encode(entries.map(([k, v]) => [k, /id$/.test(k) ? '99999999999999999999' : v])),
      contentType: urlencoded,
    },
    {
      name: 'negative and fractional ids',
      body: encode(entries.map(([k, v]) => [k, /id$/.test(k) ? '-1.5' : v])),
      contentType: urlencoded,
    },
    {
      name: 'duplicated fields',
      body: encode([...entries, ...entries.map(([k]) => [k, 'second value'] as [string, string])]),
      contentType: urlencoded,
    },
    {
      name: 'unexpected extra fields',
      body: encode([...entries, ['__proto__', 'x'], ['constructor', 'y'], ['is_admin', 'true']]),
      contentType: urlencoded,
    },
    { name: 'a 100 KB value', body: encode(entries.map(([k]) => [k, 'x'.repeat(100_000)])), contentType: urlencoded },
    { name: 'a 1 MB value', body: encode(entries.map(([k]) => [k, 'y'.repeat(1_000_000)])), contentType: urlencoded },
    { name: 'JSON instead of a form', body: JSON.stringify(form.fields), contentType: 'application/json' },
    {
      name: 'garbage multipart',
      body: '--xyz\r\nnot really multipart',
      contentType: 'multipart/form-data; boundary=xyz',
    },
    { name: 'plain text', body: 'hello', contentType: 'text/plain' },
  ];
  for (const [key] of entries) {
    variants.push({
      name: `missing ${key}`,
      body: encode(entries.filter(([k]) => k !== key)),
      contentType: urlencoded,
    });
    variants.push({
      name: `empty ${key}`,
      body: encode(entries.map(([k, v]) => [k, k === key ? '' : v])),
      contentType: urlencoded,
    });
  }
  return variants;
}

describe('fuzzing every form', () => {
  let site: TestSite;
  let server: RunningServer;
  const cookies: Record<FormTarget['as'], string> = { none: '', reader: '', author: '' };

  beforeAll(async () => {
    ({ site, server } = await startSampleSite('pglite', {
      seed: async (db) => {
        await createConfirmedAccount(
          db,
          { name: 'Fuzz Author', email: 'author@example.test', password: 'fuzz password' },
          'author',
        );
        await createConfirmedAccount(db, {
          name: 'Fuzz Reader',
          email: 'reader@example.test',
          password: 'fuzz password',
        });
      },
      env: { RATE_LIMIT_FACTOR: '100000' },
    }));
    // A reader who confirmed their email, so their comment is published for the reply forms to act on.
    cookies.reader = cookieFrom(
      await postForm(server.url, '/login?_action=auth.logIn', {
        email: 'reader@example.test',
        password: 'fuzz password',
      }),
    );
    const login = await postForm(server.url, '/login?_action=auth.logIn', {
      email: 'author@example.test',
      password: 'fuzz password',
    });
    cookies.author = cookieFrom(login);
    // Something for the comment forms to act on: comment 1, by the reader.
    const comment = await postForm(
      server.url,
      '/posts/welcome-to-wishcast?_action=comments.create',
      { post_id: '1', body: 'The first comment' },
      { cookie: cookies.reader },
    );
    expect(comment.status).toBe(303);
  });
  afterAll(() => stopSampleSite(site, server));

  for (const form of FORMS) {
    it(`${form.action} never answers 5xx`, async () => {
      const failures: string[] = [];
      for (const variant of variantsFor(form)) {
        let res: { status: number; text: string };
        try {
          res = await postRaw(`${server.url}${form.page}?_action=${form.action}`, variant.body, {
            'content-type': variant.contentType,
            origin: server.url,
            ...(cookies[form.as] ? { cookie: cookies[form.as] } : {}),
          });
        } catch (error) {
          failures.push(`${variant.name}: request failed (${(error as Error).message})`);
          continue;
        }
        const text = res.text;
        if (res.status >= 500) failures.push(`${variant.name}: ${res.status}`);
        else if (res.status >= 400 && text.trim().length === 0)
          failures.push(`${variant.name}: ${res.status} with no message`);
        else if (res.status < 300 && res.status !== 200) failures.push(`${variant.name}: unexpected ${res.status}`);
      }
      expect(failures).toEqual([]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });
  }
});
