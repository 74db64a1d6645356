import { Page, ConsoleMessage, APIRequestContext, expect, request as playwrightRequest } from "@playwright/test";

/** Collects console errors and uncaught exceptions: a hydration failure shows up here. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg: ConsoleMessage) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** The ISO date `offset` days from today. */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** One message the SMTP sink received (scripts/smtp-sink.py). */
export interface Mail {
  to: string[];
  subject: string;
  body: string;
}

/**
 * Waits until the SMTP sink has received a message to `address` whose subject matches
 * `subject`, and returns it. The server's mail worker sends from its outbox within seconds.
 */
export async function waitForMail(address: string, subject: RegExp, timeoutMs = 20_000): Promise<Mail> {
  const fs = await import("node:fs/promises");
  const mailbox = process.env.PICAP_E2E_MAILBOX;
  if (!mailbox) throw new Error("PICAP_E2E_MAILBOX is not set: run the suite through scripts/e2e.sh");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await fs.readFile(mailbox, "utf-8").catch(() => "");
    const found = text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Mail)
      .find((m) => m.to.includes(address) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no mail to ${address} matching ${subject} within ${timeoutMs} ms; the sink has:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Signs in from the sign-in page, once it is hydrated, and waits for the greeting. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText(/Signed in as/)).toBeVisible();
}

/**
 * On the sign-in page: a wrong password is refused with its reason and the address still typed;
 * then the demo trainee's own password signs them in.
 */
export async function signInTraineeAfterAWrongPassword(page: Page) {
  await page.getByLabel("Email address").fill("trainee@picap.example.org");
  await page.getByLabel("Password").fill("not the demo password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Email address")).toHaveValue("trainee@picap.example.org");

  await page.getByLabel("Password").fill("demo-trainee-passphrase");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Signed in as Jorge Mendoza")).toBeVisible();
}

/** The phone the journeys run on (a 390 × 844 screen, touch). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The demo accounts `seed-demo` creates. */
export const DEMO = {
  admin: { email: "admin@picap.example.org", password: "demo-admin-passphrase" },
  coordinator: { email: "coordinator@picap.example.org", password: "demo-coordinator-passphrase" },
  instructor: { email: "instructor@picap.example.org", password: "demo-instructor-passphrase" },
  trainee: { email: "trainee@picap.example.org", password: "demo-trainee-passphrase" },
} as const;

/** Sets the reader's language before the first page, as the switcher's cookie does. */
export async function useLanguage(page: Page, code: "en" | "es" | "pt" | "fr") {
  const base = new URL(process.env.PICAP_BASE_URL ?? "http://127.0.0.1:3100");
  await page.context().addCookies([{ name: "picap_lang", value: code, domain: base.hostname, path: "/" }]);
}

/**
 * Fails the test at its end if any server function or page answered 5xx along the way: collects
 * them as they happen.
 */
export function watchServerErrors(page: Page): string[] {
  const failures: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return failures;
}

/** Signs in through the sign-in form already on screen (any language: fields found by type). */
export async function fillSignIn(page: Page, email: string, password: string) {
  await page.locator("input[type=email]").fill(email);
  await page.locator("input[type=password]").fill(password);
  await page.locator("form button[type=submit]").filter({ hasNot: page.locator("[name=lang]") }).last().click();
}

/** Opens the header menu on a phone when it is folded, then clicks the link named `name`. */
export async function openMenuAndClick(page: Page, name: string | RegExp) {
  // With JavaScript the links fold behind the button once the Menu island runs: wait for it
  // (briefly: without JavaScript it never runs, and the links simply stay in view).
  await expect(page.locator(".menu[data-enhanced='true']")).toBeAttached({ timeout: 3_000 }).catch(() => {});
  const toggle = page.locator(".menu-toggle");
  if (await toggle.isVisible()) {
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  }
  await page.getByRole("navigation").first().getByRole("link", { name, exact: typeof name === "string" }).click();
}

/**
 * Signs in on a phone as a person does: home page, the folded menu's sign-in link (named in the
 * page's language), the form; waits until the signed-in menu is there.
 */
export async function signInOnPhone(page: Page, account: { email: string; password: string }, signInLabel: string) {
  await page.goto("/");
  await openMenuAndClick(page, signInLabel);
  await page.locator("input[type=email]").fill(account.email);
  await page.locator("input[type=password]").fill(account.password);
  await page.getByRole("main").getByRole("button", { name: signInLabel }).click();
  await expect(page.locator(".user-menu")).toBeAttached();
}

/**
 * Interactive elements on screen smaller than 44 × 44 CSS pixels (WCAG 2.5.5). Links inside a
 * sentence are exempt, as the criterion allows; a checkbox or radio button is measured by its
 * label, which is what a finger presses.
 */
export async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, summary",
    );
    for (const element of Array.from(controls)) {
      let target: HTMLElement = element;
      if (element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio")) {
        target = element.closest("label") ?? element;
      }
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      if (element.closest(".visually-hidden, .skip-link")) continue;
      if (element.tagName === "A") {
        // In running text: the link's block holds more text than the link.
        const block = element.closest("p, li, dd, td, span.field-hint");
        if (block && (block.textContent ?? "").trim().length > (element.textContent ?? "").trim().length + 1) continue;
      }
      if (box.height < 44 || box.width < 44) {
        const name = (element.getAttribute("aria-label") ?? element.textContent ?? element.getAttribute("name") ?? "").trim().slice(0, 40);
        found.push(`${element.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return found;
  });
}

/** Runs axe-core on the page and returns its serious and critical violations, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const fs = await import("node:fs/promises");
  const path = await import("node:path");
  const source = await fs.readFile(path.join(__dirname, "..", "node_modules", "axe-core", "axe.min.js"), "utf-8");
  // Evaluated through the DevTools protocol, so the site's Content-Security-Policy stays as it is.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is defined by the script evaluated above.
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations
      .filter((v: { impact: string }) => v.impact === "serious" || v.impact === "critical")
      .map((v: { id: string; impact: string; nodes: { target: string[] }[] }) =>
        `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  return violations as string[];
}

/** The site's address, as the configuration gives it to every test. */
export const BASE_URL = process.env.PICAP_BASE_URL ?? "http://127.0.0.1:3100";

/** The id of the listed agency of `country` named `name` (GET /api/v1/agencies?country=…). */
export async function agencyId(request: APIRequestContext, country: string, name: string): Promise<number> {
  const response = await request.get(`/api/v1/agencies?country=${encodeURIComponent(country.toUpperCase())}`);
  expect(response.status()).toBe(200);
  const agencies = (await response.json()) as { id: number; name: string }[];
  const found = agencies.find((a) => a.name === name);
  expect(found, `${name} among ${country}'s agencies: ${agencies.map((a) => a.name).join(", ")}`).toBeTruthy();
  return found!.id;
}

/** The verification link's path (`/verify-email?token=…`) in the mail the sink received for `email`. */
export async function verificationLink(email: string): Promise<string> {
  // "Confirm your PICAP address", "Confirme su dirección en PICAP", "Confirme o seu endereço no
  // PICAP", "Confirmez votre adresse PICAP".
  const mail = await waitForMail(email, /^Confirm.*PICAP/);
  const link = mail.body.match(/\/verify-email\?token=[^\s"<>]+/);
  expect(link, `a verification link in:\n${mail.body}`).toBeTruthy();
  return link![0];
}

/** What a person registering through the API gives; `agency` is a listed agency's name. */
export interface Newcomer {
  email: string;
  password: string;
  full_name: string;
  country: string;
  agency: string;
  rank?: string;
  affiliation: "police" | "civilian";
  preferred_language: "en" | "es" | "pt" | "fr";
}

/**
 * Registers a person through the API as a member of a listed agency, verifies their address
 * with the link the SMTP sink received, and has the demo administrator confirm the membership
 * (from a context of their own, so the cookies of `request` stay as they were). Returns their id:
 * they can apply at once.
 */
export async function registerConfirmed(request: APIRequestContext, person: Newcomer): Promise<number> {
  const { agency, ...rest } = person;
  const registered = await request.post("/api/v1/auth/register", {
    data: { ...rest, rank: person.rank ?? "", agency_id: await agencyId(request, person.country, agency) },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const { id } = (await registered.json()) as { id: number };

  const token = new URL(await verificationLink(person.email), BASE_URL).searchParams.get("token");
  const verified = await request.post("/api/v1/auth/verify-email", { data: { token } });
  expect(verified.status(), await verified.text()).toBe(204);

  await confirmMembership(person.email);
  return id;
}

/**
 * The demo administrator confirms the membership of the person registered as `email`, whose
 * address is verified, through the API (from a context of its own). Returns the person's id.
 */
export async function confirmMembership(email: string): Promise<number> {
  const admin = await playwrightRequest.newContext({ baseURL: BASE_URL });
  try {
    expect((await admin.post("/api/v1/auth/login", { data: DEMO.admin })).status()).toBe(200);
    const waiting = await admin.get("/api/v1/memberships");
    expect(waiting.status()).toBe(200);
    const people = (await waiting.json()) as { id: number; email: string }[];
    const person = people.find((p) => p.email === email);
    expect(person, `${email} among the memberships waiting: ${people.map((p) => p.email).join(", ")}`).toBeTruthy();
    const decided = await admin.post(`/api/v1/users/${person!.id}/membership`, { data: { decision: "confirm" } });
    expect(decided.status(), await decided.text()).toBe(200);
    return person!.id;
  } finally {
    await admin.dispose();
  }
}

/**
 * Collects what would show a text ran as code: a dialog (an alert), or a report that
 * the Content-Security-Policy blocked something (the policy alone already stops inline script,
 * so a blocked script is a failure too, not a success).
 */
export function refuseDialogs(page: Page): string[] {
  const found: string[] = [];
  page.on("dialog", async (dialog) => {
    found.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) found.push(`csp: ${message.text()}`);
  });
  return found;
}
