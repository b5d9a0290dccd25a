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

/** A GraphQL call with its own cookie jar, signed in as `email` (for set-up
 * and for comparing what a screen shows with what the API answers). */
export async function apiAs(baseURL: string, email: string) {
  const { request } = await import("@playwright/test");
  const ctx = await request.newContext({ baseURL });
  const login = await ctx.post("/graphql", {
    data: {
      query: "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { expiresAt } }",
      variables: { e: email, p: DEMO_PASSWORD },
    },
  });
  expect(login.ok()).toBe(true);
  return {
    async gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
      const r = await ctx.post("/graphql", { data: { query, variables }, headers: { Origin: baseURL } });
      return (await r.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    },
    dispose: () => ctx.dispose(),
  };
}
