import { Page, ConsoleMessage, expect } from "@playwright/test";

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
