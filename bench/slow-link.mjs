// A first visit over a slow link, as a trainee at a police station sees it: Chromium with the
// network throttled (default 400 kbit/s down, 400 ms latency), empty cache, Spanish. Prints when
// the page was readable (first contentful paint) and when it became interactive (the islands
// hydrated: <html data-hydrated>), for each page given.
// Usage (from the repository root, with a server running):
//   node bench/slow-link.mjs http://127.0.0.1:3000 / /catalog
// KBIT and LATENCY_MS change the link.
import { createRequire } from "node:module";
const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const [base = "http://127.0.0.1:3000", ...paths] = process.argv.slice(2);
const kbit = Number(process.env.KBIT ?? 400);
const latency = Number(process.env.LATENCY_MS ?? 400);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (const path of paths.length ? paths : ["/", "/catalog"]) {
  const context = await browser.newContext({ locale: "es-ES", extraHTTPHeaders: { "accept-language": "es-ES,es" } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency,
    downloadThroughput: (kbit * 1000) / 8,
    uploadThroughput: (kbit * 1000) / 8,
  });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  const start = Date.now();
  await page.goto(base + path, { waitUntil: "commit" });
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 120_000 });
  const readable = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0].startTime);
  await page.waitForSelector("html[data-hydrated=true]", { timeout: 120_000 });
  const interactive = await page.evaluate(() => performance.now());
  await page.waitForLoadState("networkidle");
  console.log(
    `${path.padEnd(12)} ${kbit} kbit/s, ${latency} ms: readable after ${(readable / 1000).toFixed(1)} s, ` +
      `interactive after ${(interactive / 1000).toFixed(1)} s, ${Math.round(bytes / 1024)} KB on the wire` +
      ` (wall clock ${((Date.now() - start) / 1000).toFixed(1)} s)`,
  );
  await context.close();
}
await browser.close();
