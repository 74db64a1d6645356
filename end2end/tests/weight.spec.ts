import { test, expect, Browser, BrowserContext, Page } from "@playwright/test";
import { watchErrors } from "./helpers";

// Page-weight budgets (issue 15): what a reader in Spanish downloads, counted from the bytes
// Chromium reports on the wire for every response (headers included). A first visit, with an
// empty cache, must stay within 200 KB; a later page, once the first visit's files are cached,
// within 60 KB. A regression fails the build.
const FIRST_VISIT_BUDGET = 200 * 1024;
const LATER_PAGE_BUDGET = 60 * 1024;

/** Counts the bytes each response moved on the wire while `action` runs, until the network is idle. */
async function weigh(context: BrowserContext, page: Page, action: () => Promise<void>) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  const urls = new Map<string, string>();
  const sizes = new Map<string, number>();
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.loadingFinished", (e) => sizes.set(e.requestId, e.encodedDataLength));
  await action();
  // Islands hydrate when the browser is idle: wait for the wasm, then for the network to settle.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.waitForLoadState("networkidle");
  await cdp.detach();
  let total = 0;
  const lines: string[] = [];
  for (const [id, size] of sizes) {
    total += size;
    lines.push(`${String(size).padStart(8)}  ${urls.get(id) ?? id}`);
  }
  return { total, report: lines.join("\n") };
}

async function spanishContext(browser: Browser) {
  return browser.newContext({ locale: "es-ES", extraHTTPHeaders: { "accept-language": "es-ES,es" } });
}

for (const [name, path, heading] of [
  ["home page", "/", "Capacitación que cambia la labor policial"],
  ["catalog", "/catalog", "Catálogo de cursos"],
] as const) {
  test(`first visit to the ${name} in Spanish stays within 200 KB`, async ({ browser }) => {
    const context = await spanishContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const { total, report } = await weigh(context, page, async () => {
      await page.goto(path);
    });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    console.log(`${name}, first visit: ${total} bytes\n${report}`);
    expect(total, `first visit to ${path}:\n${report}`).toBeLessThanOrEqual(FIRST_VISIT_BUDGET);
    expect(errors).toEqual([]);
    await context.close();
  });
}

test("after the catalog, a module page, My learning and a lesson each stay within 60 KB", async ({ browser }) => {
  const context = await spanishContext(browser);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto("/catalog");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  // A module page, reached from the catalog as a reader reaches it.
  const module = await weigh(context, page, async () => {
    await page.locator(".module-card a").first().click();
    await expect(page).toHaveURL(/\/modules\//);
  });
  console.log(`module page after the catalog: ${module.total} bytes\n${module.report}`);
  expect(module.total, `module page:\n${module.report}`).toBeLessThanOrEqual(LATER_PAGE_BUDGET);

  // My learning, through the menu once signed in.
  await page.getByRole("link", { name: "Iniciar sesión" }).click();
  await page.getByLabel("Correo electrónico").fill("trainee@picap.example.org");
  await page.getByLabel("Contraseña").fill("demo-trainee-passphrase");
  await page.getByRole("button", { name: "Iniciar sesión", exact: true }).click();
  await expect(page.getByText(/Sesión iniciada como/)).toBeVisible();
  const learning = await weigh(context, page, async () => {
    await page.getByRole("link", { name: "Mi formación" }).click();
    await expect(page).toHaveURL(/\/my-learning$/);
  });
  console.log(`My learning after signing in: ${learning.total} bytes\n${learning.report}`);
  expect(learning.total, `My learning:\n${learning.report}`).toBeLessThanOrEqual(LATER_PAGE_BUDGET);

  // A lesson, from My learning's course link and the course's "continue" (issue 19: 60 KB
  // without its attachments, rendered before the wasm loads).
  await page.locator("#my-enrollments tbody tr", { hasText: "México" }).getByRole("link", { name: "Abrir el curso" }).click();
  const lesson = await weigh(context, page, async () => {
    await page.getByRole("link", { name: "Continuar donde lo dejó" }).click();
    await expect(page).toHaveURL(/\/learn\/\d+\/lessons\/\d+$/);
  });
  console.log(`a lesson after the course page: ${lesson.total} bytes\n${lesson.report}`);
  expect(lesson.total, `lesson:\n${lesson.report}`).toBeLessThanOrEqual(LATER_PAGE_BUDGET);
  expect(errors).toEqual([]);
  await context.close();
});
