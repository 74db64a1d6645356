import { test, expect, Page } from "@playwright/test";
import { watchErrors, day } from "./helpers";
import { readFileSync } from "fs";

test("an administrator creates a module and an offering; a visitor finds it in Spanish and downloads its calendar", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const code = `PICAP-MED-${String(Date.now()).slice(-6)}`;

  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Email address").fill("admin@picap.example.org");
  await page.getByLabel("Password").fill("demo-admin-passphrase");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Signed in as Alejandra Ruiz")).toBeVisible();

  await page.getByRole("link", { name: "Catalog administration" }).click();
  await page.getByRole("link", { name: "New module" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Module");
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByLabel("Title in English").fill("Mediation of community conflicts");
  // The catalog already teaches conflict resolution: the form says so while the title is typed.
  await expect(page.locator("#similar-modules")).toContainText("PICAP-PHR-130");
  await page.getByLabel("Title in Spanish").fill("Mediación de conflictos comunitarios");
  await page.getByLabel("Summary in Spanish").fill("Técnicas de mediación para agentes que trabajan con la comunidad.");
  await page.getByLabel("Conflict resolution", { exact: true }).check();
  await page.getByLabel("Career credits").fill("2");
  await page.getByLabel("Contact hours").fill("24");
  await page.getByLabel("Level").selectOption("introductory");
  await page.getByLabel("Delivery mode").selectOption("onsite");
  await page.getByLabel("Audience").selectOption("both");
  await page.getByLabel("Status").selectOption("published");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");

  await page.getByRole("link", { name: "Back to the catalog administration" }).click();
  await page.locator("#admin-modules tr", { hasText: code }).getByRole("link", { name: "Add an offering" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New offering");
  await page.getByLabel("First day").fill(day(40));
  await page.getByLabel("Last day").fill(day(41));
  await page.getByLabel("Enrolment opens").fill(day(0));
  await page.getByLabel("Enrolment closes").fill(day(30));
  await page.getByLabel("Seats", { exact: true }).fill("20");
  await page.getByLabel("Teaching language").selectOption("es");
  await page.getByLabel("Country", { exact: true }).selectOption("GT");
  await page.getByLabel("Host agency").fill("Policía Nacional Civil");
  await page.getByLabel("Enrolment policy").selectOption("open");
  await page.getByLabel("Claire Dubois").check();
  await page.locator("#offering-session-0-kind").selectOption("onsite");
  await page.locator("#offering-session-0-starts_at").fill(`${day(40)}T09:00`);
  await page.locator("#offering-session-0-ends_at").fill(`${day(40)}T17:00`);
  // Zones and countries are lists: nothing to mistype.
  await page.locator("#offering-session-0-timezone").selectOption("America/Guatemala");
  await page.locator("#offering-session-0-venue").fill("Academia de la PNC");
  await page.locator("#offering-session-0-city").fill("Ciudad de Guatemala");
  await page.locator("#offering-session-0-country").selectOption("GT");
  // New offerings are drafts unless published on purpose.
  await page.getByLabel(/^Published/).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Offering saved");
  await page.getByRole("link", { name: "See it on the module's public page" }).click();
  await expect(page).toHaveURL(new RegExp(`/modules/${code}`));
  expect(errors).toEqual([]);

  // A visitor reading Spanish finds it and takes its calendar.
  const visitor = await browser.newContext({ locale: "es-MX", extraHTTPHeaders: { "accept-language": "es-MX,es" }, acceptDownloads: true });
  const guest = await visitor.newPage();
  await guest.goto("/catalog");
  await expect(guest.locator("html")).toHaveAttribute("lang", "es");
  await guest.getByLabel("Buscar en el catálogo").fill("mediacion comunitarios");
  await guest.getByRole("button", { name: "Buscar" }).click();
  await expect(guest.locator("#catalog-count")).toHaveText("Módulos encontrados: 1");
  // Its new offering has free seats and is taking enrolments.
  await guest.getByLabel("Solo módulos con plazas disponibles").check();
  await guest.getByRole("button", { name: "Buscar" }).click();
  await expect(guest).toHaveURL(/seats_available=true/);
  await expect(guest.locator("#catalog-count")).toHaveText("Módulos encontrados: 1");
  await guest.getByRole("link", { name: "Mediación de conflictos comunitarios" }).click();
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText("Mediación de conflictos comunitarios");
  await expect(guest.locator("#module-offerings")).toContainText("Ciudad de Guatemala");
  const [download] = await Promise.all([
    guest.waitForEvent("download"),
    guest.getByRole("link", { name: /^Agregar a mi calendario/ }).click(),
  ]);
  const ics = readFileSync(await download.path(), "utf-8");
  expect(ics).toContain("BEGIN:VCALENDAR");
  // 09:00 in Guatemala (UTC−6) is 15:00 UTC.
  expect(ics).toContain(`DTSTART:${day(40).replace(/-/g, "")}T150000Z`);
  await visitor.close();
});
