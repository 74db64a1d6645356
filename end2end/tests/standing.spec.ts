import { expect, test } from "@playwright/test";
import { DEMO, openMenuAndClick, useLanguage, watchServerErrors } from "./helpers";

// Affiliation and country decide eligibility, quotas and scholarships: an administrator
// corrects them from the people page, behind a confirmation that asks why.
test("an administrator corrects an officer's affiliation from the people page, giving a reason", async ({ page }) => {
  const failures = watchServerErrors(page);
  await useLanguage(page, "es");
  await page.goto("/");
  await openMenuAndClick(page, "Iniciar sesión");
  await page.getByLabel("Correo electrónico").fill(DEMO.admin.email);
  await page.locator("input[type=password]").fill(DEMO.admin.password);
  await page.getByRole("main").getByRole("button", { name: "Iniciar sesión" }).click();
  await expect(page.locator(".user-menu")).toBeAttached();

  await openMenuAndClick(page, "Personas");
  const open = page.getByLabel("Cambiar afiliación o país — Ana Souza");
  const row = page.locator("#people tr", { has: open });
  await expect(row).toContainText("Policía");
  await open.click();
  await expect(row.getByText(/El cambio y su motivo quedan en el registro de auditoría/)).toBeVisible();
  await row.getByLabel("Afiliación", { exact: true }).selectOption("civilian");
  await row.getByLabel("Motivo (obligatorio)").fill("Pasó a la planta civil del ministerio.");
  await row.getByRole("button", { name: "Sí, cambiar" }).click();
  await expect(page.locator("#people tr", { has: page.getByLabel("Cambiar afiliación o país — Ana Souza") })).toContainText("Civil");

  // And back, so the demo stays as it was for the other tests.
  const again = page.locator("#people tr", { has: page.getByLabel("Cambiar afiliación o país — Ana Souza") });
  await page.getByLabel("Cambiar afiliación o país — Ana Souza").click();
  await again.getByLabel("Afiliación", { exact: true }).selectOption("police");
  await again.getByLabel("Motivo (obligatorio)").fill("Corrección del cambio anterior.");
  await again.getByRole("button", { name: "Sí, cambiar" }).click();
  await expect(page.locator("#people tr", { has: page.getByLabel("Cambiar afiliación o país — Ana Souza") })).toContainText("Policía");
  expect(failures).toEqual([]);
});
