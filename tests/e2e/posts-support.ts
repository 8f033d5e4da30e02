// Shared steps for the posts end-to-end tests: a site with an author, logging in.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createAccount } from '../../src/lib/auth/users.ts';
import type { DbTarget } from '../helpers/db.ts';
import { TEST_PASSWORD, uniqueEmail } from '../helpers/fixtures.ts';
import { submitForm } from '../helpers/page.ts';
import { createTestSite, type TestSite } from '../helpers/server.ts';

export interface SiteWithPeople {
  site: TestSite;
  author: { email: string; name: string };
  reader: { email: string; name: string };
}

/** A fresh site whose database already has an author and a reader (created before any server opens it). */
export async function createSiteWithPeople(target: DbTarget): Promise<SiteWithPeople> {
  const site = await createTestSite(target);
  const author = { email: uniqueEmail('author'), name: 'Ada Author' };
  const reader = { email: uniqueEmail('reader'), name: 'Rosa Reader' };
  const db = site.openDb();
  try {
    await createAccount(db, { ...author, password: TEST_PASSWORD }, 'author');
    await createAccount(db, { ...reader, password: TEST_PASSWORD }, 'reader');
  } finally {
    await db.destroy();
  }
  return { site, author, reader };
}

/** Logs in through /login like a person would; returns the page, now signed in. */
export async function logIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  expect(await submitForm(page, 'Log in')).toBe(200);
  return page;
}

/** Fills the post editor's fields that are given. */
export async function fillPost(
  page: Page,
  fields: { title?: string; slug?: string; body?: string; excerpt?: string; tags?: string; publishAt?: string },
): Promise<void> {
  if (fields.title !== undefined) await page.getByLabel('Title').fill(fields.title);
  if (fields.slug !== undefined) await page.getByLabel('Slug (optional)').fill(fields.slug);
  if (fields.body !== undefined) await page.getByLabel('Body (Markdown)').fill(fields.body);
  if (fields.excerpt !== undefined) await page.getByLabel('Excerpt (optional)').fill(fields.excerpt);
  if (fields.tags !== undefined) await page.getByLabel('Tags').fill(fields.tags);
  if (fields.publishAt !== undefined) await page.getByLabel('Publish at').fill(fields.publishAt);
}
