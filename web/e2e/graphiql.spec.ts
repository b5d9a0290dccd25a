// GraphiQL is built with the console and served from this origin: it must
// render under the console's Content-Security-Policy without any request
// leaving the server, and query as the signed-in user.

import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("GraphiQL renders from this origin only and queries as the signed-in user", async ({ page, baseURL }) => {
  const foreign: string[] = [];
  const violations: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(baseURL!) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) violations.push(m.text());
  });
  await signIn(page, "rep01@example.com");
  await page.goto("/graphql");
  await expect(page.locator(".graphiql-container")).toBeVisible();
  await page.locator(".graphiql-query-editor .CodeMirror").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("{ me { email } }");
  await page.keyboard.press("Control+Enter");
  await expect(page.locator(".graphiql-response")).toContainText("rep01@example.com");
  expect(foreign).toEqual([]);
  expect(violations).toEqual([]);
});
