// The pipeline board and the approvals inbox (CONSOLE.md): a rep drags an
// opportunity to the next stage, sees a gate's refusal on the card, and a
// supervisor approves the rep's quote from the approvals inbox.

import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { apiAs, signIn } from "./helpers";

/** Drags the card `cardTestId` onto the column of `stage`. */
async function drag(page: Page, cardTestId: string, stage: string) {
  const card = page.getByTestId(cardTestId);
  const column = page.getByTestId(`column-${stage}`);
  await card.scrollIntoViewIfNeeded();
  const from = (await card.boundingBox())!;
  const to = (await column.boundingBox())!;
  await page.mouse.move(from.x + 20, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + from.height / 2, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 15 });
  await page.mouse.up();
}

/** A new opportunity of `email` in EVALUATION on one of their customers. */
async function newOpportunity(baseURL: string, email: string, name: string): Promise<string> {
  const api = await apiAs(baseURL, email);
  const c = await api.gql<{ customers: { nodes: { id: string }[] } }>(
    "{ customers(first: 1, filter: { inPool: false }) { nodes { id } } }",
  );
  const created = await api.gql<{ createOpportunity: { id: string } }>(
    "mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }",
    { i: { customerId: c.data!.customers.nodes[0]!.id, name, amount: "880000.00" } },
  );
  await api.dispose();
  expect(created.errors).toBeUndefined();
  return created.data!.createOpportunity.id;
}

test("a gate refuses a move without its artefact, on the card, which stays", async ({ page, baseURL }) => {
  const id = await newOpportunity(baseURL!, "rep01@example.com", "三期仓储自动化");
  await signIn(page, "rep01@example.com");
  await page.getByRole("link", { name: "销售漏斗" }).click();
  await expect(page.getByTestId(`card-${id}`)).toBeVisible();
  await drag(page, `card-${id}`, "INITIATION");
  await expect(page.getByTestId(`card-${id}`).getByRole("alert")).toContainText("an approved initiation application");
  await expect(page.getByTestId("column-EVALUATION").getByTestId(`card-${id}`)).toBeVisible();
});

test("a move without a gate goes through and the columns follow", async ({ page, baseURL }) => {
  // Whoever owns an opportunity in INITIATION moves it to REQUIREMENTS
  // (no gate guards REQUIREMENTS).
  const director = await apiAs(baseURL!, "director@example.com");
  const found = await director.gql<{
    opportunities: { nodes: { id: string; owner: { id: string } | null }[] };
  }>("{ opportunities(filter: { stage: INITIATION }, first: 1) { nodes { id owner { id } } } }");
  const opp = found.data!.opportunities.nodes[0]!;
  const owner = await director.gql<{ user: { email: string } }>("query($id: ID!) { user(id: $id) { email } }", {
    id: opp.owner!.id,
  });
  await director.dispose();
  await signIn(page, owner.data!.user.email);
  await page.goto("/pipeline");
  await expect(page.getByTestId("column-INITIATION").getByTestId(`card-${opp.id}`)).toBeVisible();
  await drag(page, `card-${opp.id}`, "REQUIREMENTS");
  await expect(page.getByTestId("column-REQUIREMENTS").getByTestId(`card-${opp.id}`)).toBeVisible();
  await expect(page.getByText("已移到“需求”。")).toBeVisible();
});

test("a supervisor approves the rep's quote from the approvals inbox", async ({ page, baseURL }) => {
  const oppId = await newOpportunity(baseURL!, "rep01@example.com", "智能仓储二期报价");
  const rep = await apiAs(baseURL!, "rep01@example.com");
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const q = await rep.gql<{ createQuote: { id: string; rowVersion: number } }>(
    "mutation($i: CreateQuoteInput!) { createQuote(input: $i) { id rowVersion } }",
    {
      i: {
        opportunityId: oppId,
        validUntil,
        lines: [{ description: "智能装配线", quantity: "1", unitPrice: "100000.00", unitCost: "70000.00" }],
      },
    },
  );
  expect(q.errors).toBeUndefined();
  const submitted = await rep.gql("mutation($id: ID!, $rv: Int!) { submitQuote(id: $id, rowVersion: $rv) { status } }", {
    id: q.data!.createQuote.id,
    rv: q.data!.createQuote.rowVersion,
  });
  expect(submitted.errors).toBeUndefined();
  const me = await rep.gql<{ me: { directHead: { id: string } } }>("{ me { directHead { id } } }");
  await rep.dispose();
  const director = await apiAs(baseURL!, "director@example.com");
  const head = await director.gql<{ user: { email: string } }>("query($id: ID!) { user(id: $id) { email } }", {
    id: me.data!.me.directHead.id,
  });
  await director.dispose();

  await signIn(page, head.data!.user.email);
  await page.getByRole("link", { name: "审批" }).click();
  const item = page.getByTestId("quote-approval").filter({ hasText: "智能仓储二期报价" });
  await expect(item).toContainText("30.00%");
  await item.getByRole("button", { name: /批\s*准/ }).click();
  await expect(page.getByText("已批准。")).toBeVisible();
  await expect(item).toHaveCount(0);
  // The rep's opportunity now shows the quote approved.
  await page.goto(`/opportunities/${oppId}`);
  await expect(page.getByText("已批准").first()).toBeVisible();
});

test("the director approves an initiation from the approvals inbox (PIP-4: managers and up decide)", async ({ page, baseURL }) => {
  const oppId = await newOpportunity(baseURL!, "rep01@example.com", "立项审批演示项目");
  const rep = await apiAs(baseURL!, "rep01@example.com");
  const submitted = await rep.gql<{ submitInitiation: { id: string } }>(
    `mutation($i: SubmitInitiationInput!) { submitInitiation(input: $i) { id } }`,
    {
      i: {
        opportunityId: oppId,
        basicFacts: "客户计划扩建二期仓库",
        expectedGoals: "立项审批演示：年内签约",
        salesStrategy: "技术交流后报价",
      },
    },
  );
  await rep.dispose();
  expect(submitted.errors).toBeUndefined();
  await signIn(page, "director@example.com");
  await page.goto("/approvals");
  await page.getByRole("tab", { name: /立项申请/ }).click();
  const item = page.getByTestId("initiation-approval").filter({ hasText: "立项审批演示：年内签约" });
  await item.getByRole("button", { name: /批\s*准/ }).click();
  await expect(page.getByText("已批准。")).toBeVisible();
  await expect(item).toHaveCount(0);
});
