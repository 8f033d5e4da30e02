import type { Page, Response } from 'playwright-core';

/** Clicks a submit button and waits for the page the server answers with; returns its status. */
export async function submitForm(page: Page, buttonName: string | RegExp): Promise<number> {
  const documents: Response[] = [];
  const onResponse = (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) documents.push(response);
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: buttonName }).first().click()]);
  } finally {
    page.off('response', onResponse);
  }
  const final = documents.filter((r) => r.status() < 300 || r.status() >= 400).at(-1);
  return final?.status() ?? 0;
}
