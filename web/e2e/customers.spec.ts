// The rep's customers (CONSOLE.md): the list and the pool, the detail with
// its timeline and "log an interaction", a new customer with the live
// duplicate check, and scope: another team's customer by URL reads like a
// missing one.

import { expect, test } from "@playwright/test";
import { apiAs, signIn } from "./helpers";

test("a rep logs a visit and sees it on the customer's timeline", async ({ page }) => {
  await signIn(page, "rep01@example.com");
  await page.getByRole("link", { name: "客户" }).click();
  await expect(page.getByText(/共 \d+ 个客户/)).toBeVisible();
  const first = page.locator("tbody tr.ant-table-row").first().getByRole("link");
  const name = (await first.textContent()) ?? "";
  await first.click();
  await expect(page.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  await page.getByRole("button", { name: "记录互动" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("内容摘要").fill("拜访采购部，确认了下季度的需求");
  await dialog.getByLabel("下一步").fill("下周发报价");
  await dialog.getByRole("button", { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("timeline")).toContainText("拜访采购部，确认了下季度的需求");
});

test("a refused interaction shows the error on its field and keeps what was typed", async ({ page }) => {
  await signIn(page, "rep01@example.com");
  await page.goto("/customers");
  await page.locator("tbody tr.ant-table-row").first().getByRole("link").click();
  await page.getByRole("button", { name: "记录互动" }).click();
  const dialog = page.getByRole("dialog");
  // Nothing typed: the form says so and sends nothing.
  await dialog.getByRole("button", { name: /保\s*存/ }).click();
  await expect(dialog.getByText("请填写此项")).toBeVisible();
  await dialog.getByLabel("内容摘要").fill("电话沟通");
  // A follow-up in the past: the API refuses it on that field.
  await dialog.getByLabel("下次跟进日期").fill("2020-01-02");
  await dialog.getByLabel("下次跟进日期").press("Enter");
  await dialog.getByRole("button", { name: /保\s*存/ }).click();
  const field = dialog.locator(".ant-form-item").filter({ has: page.getByLabel("下次跟进日期") });
  await expect(field.locator(".ant-form-item-explain-error")).toHaveText("must not be in the past");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("内容摘要")).toHaveValue("电话沟通");
});

test("a new customer with a known company's name is flagged while typing, then created once confirmed", async ({
  page,
  baseURL,
}) => {
  const api = await apiAs(baseURL!, "rep01@example.com");
  const r = await api.gql<{ customers: { nodes: { name: string }[] } }>(
    "{ customers(first: 1, orderBy: { field: NAME }) { nodes { name } } }",
  );
  await api.dispose();
  const existing = r.data!.customers.nodes[0]!.name;
  await signIn(page, "rep01@example.com");
  await page.goto("/customers/new");
  await page.getByLabel("名称", { exact: true }).fill(existing);
  await expect(page.getByTestId("duplicates")).toContainText(existing);
  await page.getByRole("button", { name: /创\s*建/ }).click();
  // Without the confirmation the API refuses it (CONFLICT) and the name stays.
  await expect(page.locator(".ant-alert-error").filter({ hasText: "possible duplicates" })).toBeVisible();
  await expect(page.getByLabel("名称", { exact: true })).toHaveValue(existing);
  // A different company after all: confirmed while the warning shows (the
  // warning may change as the check re-runs for the new name), then a
  // distinct name is created.
  await page.getByText("我已确认这是一个不同的客户").click();
  const fresh = `${existing}（华南分公司）`;
  await page.getByLabel("名称", { exact: true }).fill(fresh);
  await page.getByRole("button", { name: /创\s*建/ }).click();
  await expect(page.getByRole("heading", { name: new RegExp(fresh) })).toBeVisible();
});

test("another team's customer by URL reads exactly like a missing one", async ({ page, baseURL }) => {
  const director = await apiAs(baseURL!, "director@example.com");
  const all = await director.gql<{ customers: { nodes: { id: string; inPool: boolean }[] } }>(
    "{ customers(first: 200) { nodes { id inPool } } }",
  );
  await director.dispose();
  const rep = await apiAs(baseURL!, "rep01@example.com");
  let hidden: string | undefined;
  for (const c of all.data!.customers.nodes.filter((n) => !n.inPool)) {
    const r = await rep.gql("query($id: ID!) { customer(id: $id) { id } }", { id: c.id });
    if (r.errors?.[0]?.extensions?.code === "NOT_FOUND") {
      hidden = c.id;
      break;
    }
  }
  await rep.dispose();
  expect(hidden, "the demo has customers outside rep01's scope").toBeDefined();
  await signIn(page, "rep01@example.com");
  await page.goto(`/customers/${hidden}`);
  await expect(page.getByText("未找到，或不在您的权限范围内。")).toBeVisible();
  await page.goto("/customers/01890000-0000-7000-8000-000000000000");
  await expect(page.getByText("未找到，或不在您的权限范围内。")).toBeVisible();
});

test("the header's search finds a customer by name from any page", async ({ page, baseURL }) => {
  const api = await apiAs(baseURL!, "rep01@example.com");
  const r = await api.gql<{ customers: { nodes: { name: string }[] } }>(
    "{ customers(first: 1, orderBy: { field: NAME }, filter: { inPool: false }) { nodes { name } } }",
  );
  await api.dispose();
  const name = r.data!.customers.nodes[0]!.name;
  await signIn(page, "rep01@example.com");
  const search = page.getByRole("searchbox", { name: "搜索客户名称" }).or(page.getByLabel("搜索客户名称")).first();
  await search.fill(name.slice(0, 4));
  await search.press("Enter");
  await expect(page).toHaveURL(/\/customers\?name=/);
  await expect(page.locator("tbody tr.ant-table-row").filter({ hasText: name })).toBeVisible();
});
