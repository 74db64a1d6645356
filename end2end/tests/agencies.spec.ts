import { expect, test } from "@playwright/test";
import { DEMO, PHONE, openMenuAndClick, useLanguage, watchServerErrors } from "./helpers";

// An administrator keeps the agency registry: finds a country's agencies from the menu, adds a
// second spelling by mistake, is refused a duplicate, and merges the spelling away.
test.use(PHONE);

test("an administrator corrects the agency registry from the menu, on a phone", async ({ page }) => {
  const failures = watchServerErrors(page);
  await useLanguage(page, "es");
  await page.goto("/");
  await openMenuAndClick(page, "Iniciar sesión");
  await page.getByLabel("Correo electrónico").fill(DEMO.admin.email);
  await page.locator("input[type=password]").fill(DEMO.admin.password);
  await page.getByRole("main").getByRole("button", { name: "Iniciar sesión" }).click();
  await expect(page.locator(".user-menu")).toBeAttached();

  await openMenuAndClick(page, "Instituciones");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Instituciones");
  await page.locator("#agencies-filter").getByLabel("País").selectOption({ label: "Perú" });
  await page.getByRole("button", { name: "Mostrar" }).click();
  const table = page.locator("#agencies");
  await expect(table).toContainText("Policía Nacional del Perú");
  await expect(table).not.toContainText("Carabineros de Chile");

  // A duplicate in another case is refused on the name, and what was typed stays.
  const form = page.locator("#agency-editor");
  await form.getByLabel("Nombre", { exact: true }).fill("POLICÍA NACIONAL DEL PERÚ");
  await form.getByLabel("Sigla").fill("PNP");
  await form.getByLabel("País").selectOption({ label: "Perú" });
  await form.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByText("Este país ya tiene una institución con este nombre.")).toBeVisible();
  await expect(form.getByLabel("Nombre", { exact: true })).toHaveValue("POLICÍA NACIONAL DEL PERÚ");

  // A second spelling without accents is another name: saved, then merged into the right one.
  await form.getByLabel("Nombre", { exact: true }).fill("Policia Nacional del Peru");
  await form.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("status")).toContainText("Guardado: Policia Nacional del Peru.");
  // Its row is the one whose merge button names it (other rows offer it as a merge target).
  const mergeTypo = page.getByLabel("Fusionar Policia Nacional del Peru con otra institución");
  const typo = page.locator("#agencies tr", { has: mergeTypo });
  await mergeTypo.click();
  await typo.getByLabel("La institución que se conserva").selectOption({ label: "Policía Nacional del Perú (PNP)" });
  await typo.getByRole("button", { name: "Sí, fusionar" }).click();
  await expect(page.getByRole("status")).toContainText("Fusionada con Policía Nacional del Perú");
  await expect(page.locator("#agencies")).not.toContainText("Policia Nacional del Peru");
  expect(failures).toEqual([]);
});
