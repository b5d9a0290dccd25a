// Browser sessions (CONSOLE.md): sign-in with the limiter's and the wrong
// password's messages, sign-out, expiry back to sign-in with a message,
// and the language switch.

import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn } from "./helpers";

test("a rep signs in and sees their day", async ({ page }) => {
  await signIn(page, "rep01@example.com");
  await expect(page.getByRole("heading", { name: /我的一天/ })).toBeVisible();
  await expect(page.getByTestId("followups")).toBeVisible();
  await expect(page.getByTestId("revisits")).toBeVisible();
  await expect(page.getByTestId("worklog")).toBeVisible();
  // The session is an HttpOnly cookie: the page cannot read it.
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "salesd_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Strict");
  expect(await page.evaluate(() => document.cookie)).not.toContain("salesd_session");
});

test("a wrong password is refused on the form and the email typed stays", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill("rep01@example.com");
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await expect(page.getByRole("alert")).toContainText("邮箱或密码错误");
  await expect(page.getByLabel("邮箱")).toHaveValue("rep01@example.com");
});

test("an empty form says what is missing and sends nothing", async ({ page }) => {
  let posted = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/graphql") && r.method() === "POST" && (r.postData() ?? "").includes("SignIn")) posted = true;
  });
  await page.goto("/sign-in");
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await expect(page.getByText("请填写此项").first()).toBeVisible();
  expect(posted).toBe(false);
});

test("signing out ends the session and says so", async ({ page }) => {
  await signIn(page, "rep02@example.com");
  await page.getByTestId("user-menu").hover();
  await page.getByText("退出登录").click();
  await expect(page).toHaveURL(/\/sign-in\?reason=signed-out/);
  await expect(page.getByText("您已退出登录")).toBeVisible();
  // The old session no longer opens the console.
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an expired session goes back to sign-in with a message, then to where the user was", async ({ page, context }) => {
  await signIn(page, "rep03@example.com");
  // The server no longer knows this session (as after its TTL).
  await context.addCookies([
    { name: "salesd_session", value: "expired-or-revoked-session", url: page.url(), httpOnly: true, sameSite: "Strict" },
  ]);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/sign-in\?reason=expired/);
  await expect(page.getByText("登录已过期，请重新登录。")).toBeVisible();
  await page.getByLabel("邮箱").fill("rep03@example.com");
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await expect(page).toHaveURL(/\/inbox$/);
});

test("the console switches to English and keeps the choice", async ({ page }) => {
  await signIn(page, "rep04@example.com");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: /My day/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: /My day/ })).toBeVisible();
});
