import { expect } from "@playwright/test";
import type { Page } from "@playwright/test";

/** The demo company's password (salesd-demo's DEMO_PASSWORD). */
export const DEMO_PASSWORD = "salesd-demo";

/** Signs in through the form and waits for the console. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登 录" }).or(page.getByRole("button", { name: "登录" })).click();
  await expect(page.getByRole("navigation").or(page.getByLabel("navigation"))).toBeVisible();
}
