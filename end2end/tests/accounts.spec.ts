import { test, expect, Page } from "@playwright/test";
import { watchErrors, waitForMail } from "./helpers";

async function signIn(page: Page, email: string, password: string) {
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to PICAP");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("a new trainee registers, signs out, signs in, changes the password and signs in with it", async ({ page }) => {
  const errors = watchErrors(page);
  const email = `e2e.${Date.now()}@policia.example.org`;
  const first = "una ruta segura hacia 2026";
  const second = "otra contraseña, más larga todavía";

  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("link", { name: "Create an account" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create your PICAP account");

  // First the country, then the form lists its institutions.
  await page.getByLabel("Country").selectOption("CO");
  await page.getByRole("button", { name: "Show its institutions" }).click();
  await expect(page.locator("#register-country-chosen")).toHaveText(/Country: Colombia/);
  const institution = page.getByLabel("Institution", { exact: true });
  await expect(institution.locator("option", { hasText: "Policía Nacional de Colombia (PONAL)" })).toHaveCount(1);
  await expect(institution.locator("option", { hasText: "Polícia Federal" })).toHaveCount(0);

  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("too short");
  await page.getByLabel("Full name (as on certificates)").fill("Valentina Ríos");
  await institution.selectOption({ label: "Policía Nacional de Colombia (PONAL)" });
  await page.getByLabel("Rank or position").fill("Subteniente");
  await page.getByLabel("Affiliation").selectOption("police");
  await page.getByRole("button", { name: "Create my account" }).click();

  // Refused inline, with everything typed still there except the password's fate.
  await expect(page.getByText("Password: use at least 12 characters.")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Full name (as on certificates)")).toHaveValue("Valentina Ríos");
  await expect(page.locator("#register-country-chosen")).toHaveText(/Country: Colombia/);
  await expect(institution.locator("option:checked")).toHaveText("Policía Nacional de Colombia (PONAL)");

  await page.getByLabel("Password").fill(first);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/profile\?saved=welcome$/);
  await expect(page.getByRole("status").first()).toHaveText("Welcome to PICAP. Your account is ready and you are signed in.");
  await expect(page.getByText("Signed in as Valentina Ríos")).toBeVisible();
  await expect(page.locator("#profile-email")).toHaveText(email);
  // The address is not confirmed yet: the profile says so, and sends the link again on request.
  await expect(page.locator("#email-status")).toHaveText("Not confirmed yet");
  await expect(page.locator("#membership-status")).toHaveText("Waiting for your institution to confirm it");
  await waitForMail(email, /^Confirm your PICAP address$/);
  await page.getByRole("button", { name: "Send the confirmation link again" }).click();
  await expect(page.getByText("A new confirmation link is on its way to your address.")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await signIn(page, email, first);
  await expect(page.getByText("Signed in as Valentina Ríos")).toBeVisible();

  await page.getByRole("link", { name: "Signed in as Valentina Ríos" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My profile");
  await page.getByLabel("Current password").fill("not the current one");
  await page.getByLabel("New password").fill(second);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Current password: this is not your current password.")).toBeVisible();

  await page.getByLabel("Current password").fill(first);
  await page.getByLabel("New password").fill(second);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. Your other sessions have been signed out.");
  await expect(page.locator("#sessions tbody tr")).toHaveCount(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, email, first);
  await expect(page.getByRole("alert")).toHaveText("Email or password is incorrect.");
  await page.getByLabel("Password").fill(second);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Signed in as Valentina Ríos")).toBeVisible();

  // Only the expected refusals (422) may appear in the console.
  expect(errors.filter((e) => !e.includes("422"))).toEqual([]);
});

test("an administrator finds a person on the people page", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await signIn(page, "admin@picap.example.org", "demo-admin-passphrase");
  await expect(page.getByRole("link", { name: "People" })).toBeVisible();
  await page.getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("People");
  await page.getByLabel("Name or email address").fill("trainee@picap");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=trainee%40picap/);
  await expect(page.locator("#people tbody tr")).toHaveCount(1);
  await expect(page.locator("#people")).toContainText("trainee@picap.example.org");
  expect(errors).toEqual([]);
});

test("an administrator imports officers from a CSV file after reviewing it", async ({ page }) => {
  const errors = watchErrors(page);
  const stamp = Date.now();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await signIn(page, "admin@picap.example.org", "demo-admin-passphrase");
  await page.getByRole("link", { name: "People" }).click();
  await page.getByRole("link", { name: "Import people from a CSV file" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import people from a CSV file");

  const csv =
    "email,full_name,country,agency,rank,affiliation,roles,preferred_language\n" +
    `ana.${stamp}@pnp.gob.pe,Ana Soto,PE,Policía Nacional del Perú,Mayor,police,trainee,es\n` +
    `luis.${stamp}@pnp.gob.pe,Luis Paz,XX,Policía Nacional del Perú,,police,trainee,es\n`;
  await page.getByLabel("CSV file (UTF-8)").setInputFiles({ name: "roster.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.locator("#import-summary")).toHaveText("Ready: 1. To correct: 1. Nothing has been written yet.");
  await expect(page.locator("#import-lines")).toContainText("Country: choose a country from the list.");
  await expect(page.getByRole("button", { name: /Import and send invitations/ })).toHaveCount(0);

  const fixed = csv.replace(",XX,", ",PE,");
  await page.getByLabel("CSV file (UTF-8)").setInputFiles({ name: "roster.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
  await page.getByRole("button", { name: "Check the file" }).click();
  await page.getByRole("button", { name: "Import and send invitations (2)" }).click();
  await expect(page.locator("#import-summary")).toHaveText("Imported: 2. Each person has been sent an invitation.");
  expect(errors).toEqual([]);
});
