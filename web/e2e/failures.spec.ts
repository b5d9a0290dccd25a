// Failure handling (issue 16): a network failure shows a retry, never a
// blank page; a stale version (CONFLICT) says the record changed and offers
// to reload.

import { expect, test } from "@playwright/test";
import { apiAs, signIn } from "./helpers";

test("a network failure shows a retry, and the retry loads the page", async ({ page }) => {
  await signIn(page, "rep01@example.com");
  // The connection to the server breaks (the browser cannot reach it).
  await page.route("**/graphql", (route) => route.abort("connectionrefused"));
  await page.goto("/customers");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("无法连接服务器");
  await page.unroute("**/graphql");
  await alert.getByRole("button", { name: /重\s*试/ }).click();
  await expect(page.getByText(/共 \d+ 个客户/)).toBeVisible();
});

test("deciding a quote someone else decided first says it changed and reloads", async ({ page, baseURL }) => {
  // rep01 submits a director-band quote (margin 5 %); the director and the
  // GM may both decide it.
  const rep = await apiAs(baseURL!, "rep01@example.com");
  const c = await rep.gql<{ customers: { nodes: { id: string }[] } }>(
    "{ customers(first: 1, filter: { inPool: false }) { nodes { id } } }",
  );
  const o = await rep.gql<{ createOpportunity: { id: string } }>(
    "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }",
    { i: { customerId: c.data!.customers.nodes[0]!.id, name: "低毛利试点项目", amount: "100000.00" } },
  );
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const q = await rep.gql<{ createQuote: { id: string; rowVersion: number } }>(
    "mutation($i: CreateQuoteInput!) { createQuote(input: $i) { id rowVersion } }",
    {
      i: {
        opportunityId: o.data!.createOpportunity.id,
        validUntil,
        lines: [{ description: "试点", quantity: "1", unitPrice: "100.00", unitCost: "95.00" }],
      },
    },
  );
  const s = await rep.gql<{ submitQuote: { rowVersion: number } }>(
    "mutation($id: ID!, $rv: Int!) { submitQuote(id: $id, rowVersion: $rv) { rowVersion } }",
    { id: q.data!.createQuote.id, rv: q.data!.createQuote.rowVersion },
  );
  await rep.dispose();

  await signIn(page, "director@example.com");
  await page.goto("/approvals");
  const item = page.getByTestId("quote-approval").filter({ hasText: "低毛利试点项目" });
  await expect(item).toBeVisible();
  // Meanwhile the GM returns it.
  const gm = await apiAs(baseURL!, "gm@example.com");
  const returned = await gm.gql(
    "mutation($id: ID!, $rv: Int!) { rejectQuote(id: $id, rowVersion: $rv, reason: \"价格太低\") { status } }",
    { id: q.data!.createQuote.id, rv: s.data!.submitQuote.rowVersion },
  );
  await gm.dispose();
  expect(returned.errors).toBeUndefined();
  await item.getByRole("button", { name: /批\s*准/ }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("记录已被他人修改");
  await expect(alert.getByRole("button", { name: /重新加载/ })).toBeVisible();
  // The list was reloaded: the quote is no longer waiting.
  await expect(item).toHaveCount(0);
});
