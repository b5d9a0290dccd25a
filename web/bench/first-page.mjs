// The console's first page, measured in Debian's chromium against a running
// salesd (BENCHMARKS.md): bytes transferred (as sent, gzip) for "my day"
// after sign-in with an empty cache, and the time from navigation to "my
// day" showing its data (time to interactive), median of RUNS cold loads.
//   node bench/first-page.mjs http://127.0.0.1:18090 [runs]

import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:8080";
const runs = Number(process.argv[3] ?? 7);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});

async function signedInContext() {
  const context = await browser.newContext({ locale: "zh-CN" });
  const r = await context.request.post(`${base}/graphql`, {
    data: {
      query: "mutation { login(email: \"rep01@example.com\", password: \"salesd-demo\") { expiresAt } }",
    },
  });
  if (!r.ok()) throw new Error(`login: ${r.status()}`);
  return context;
}

const bytes = [];
const times = [];
for (let i = 0; i < runs; i += 1) {
  const context = await signedInContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let transferred = 0;
  cdp.on("Network.loadingFinished", (e) => {
    transferred += e.encodedDataLength;
  });
  const started = Date.now();
  await page.goto(`${base}/`);
  await page.getByTestId("followups").waitFor();
  await page.getByTestId("worklog").waitFor();
  times.push(Date.now() - started);
  await page.waitForLoadState("networkidle");
  bytes.push(transferred);
  await context.close();
}
await browser.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    runs,
    transferredKiB: Math.round(median(bytes) / 1024),
    timeToMyDayMs: { median: median(times), min: Math.min(...times), max: Math.max(...times) },
  }),
);
