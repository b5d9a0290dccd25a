// The supervisor's team page: its figures are the API's for the same
// scope and period, and a rep has no such page in the navigation.

import { expect, test } from "@playwright/test";
import { apiAs, signIn } from "./helpers";

test("a supervisor's team page shows the API's compliance and forecast", async ({ page, baseURL }) => {
  const email = "supervisor.east1@example.com";
  const api = await apiAs(baseURL!, email);
  const me = await api.gql<{ me: { unit: { id: string } }; myDay: { today: string } }>(
    "{ me { unit { id } } myDay { today } }",
  );
  const today = me.data!.myDay.today;
  const monthStart = `${today.slice(0, 8)}01`;
  const c = await api.gql<{ revisitCompliance: { due: number; doneOnTime: number } }>(
    "query($f: Date!, $t: Date!, $u: ID!) { revisitCompliance(from: $f, to: $t, unitId: $u) { due doneOnTime } }",
    { f: monthStart, t: today, u: me.data!.me.unit.id },
  );
  await api.dispose();
  const { due, doneOnTime } = c.data!.revisitCompliance;

  await signIn(page, email);
  await page.getByRole("link", { name: "我的团队" }).click();
  await expect(page.getByTestId("compliance")).toContainText(`按时完成 ${doneOnTime} / 应回访 ${due}`);
  await expect(page.getByTestId("forecast-owner")).toBeVisible();
});

test("a rep has neither the team page nor approvals in the navigation", async ({ page }) => {
  await signIn(page, "rep01@example.com");
  await expect(page.getByRole("link", { name: "销售漏斗" })).toBeVisible();
  await expect(page.getByRole("link", { name: "我的团队" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "审批" })).toHaveCount(0);
});
