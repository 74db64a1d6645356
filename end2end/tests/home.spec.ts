import { test, expect, Page } from "@playwright/test";
import { watchErrors, signInTraineeAfterAWrongPassword } from "./helpers";

test("the home page hydrates and the language switcher keeps the reader on their page", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Training that changes how we police");

  // The islands' wasm has loaded.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");

  // The switcher is a plain form: the server sets the language and sends the reader back to the
  // page they were on, now in Spanish. No browser code holds the other languages' texts.
  await page.getByRole("link", { name: "Catalog" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Catálogo de cursos");
  await expect(page).toHaveURL(/\/catalog$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("button", { name: "Español" })).toHaveAttribute("aria-pressed", "true");

  // The choice is remembered by the server.
  await page.getByRole("link", { name: "Inicio" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Capacitación que cambia la labor policial");
  await expect(page).toHaveTitle(/Programa Interamericano de Capacitación Policial/);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("navigation", { name: "Navegación principal" })).toBeVisible();

  expect(errors, "no console errors").toEqual([]);
});

test("on a small screen the menu button opens the navigation", async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator("#primary-nav")).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.locator("#primary-nav")).toBeVisible();
  await expect(page.getByRole("link", { name: "Home" })).toBeVisible();
  expect(errors).toEqual([]);
});

test("unknown addresses show a 404 page with a way home", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("assets are served compressed and cacheable", async ({ page, request }) => {
  await page.goto("/");
  const wasm = await page.locator('link[rel="preload"][as="fetch"]').getAttribute("href");
  expect(wasm).toMatch(/^\/pkg\/picap\.[A-Za-z0-9_-]+\.wasm$/);
  const response = await request.get(wasm!, { headers: { "accept-encoding": "br, gzip" } });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-encoding"]).toBe("br");
  expect(response.headers()["cache-control"]).toContain("immutable");
});

test("a trainee signs in, sees their name, and signs out", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to PICAP");

  await signInTraineeAfterAWrongPassword(page);
  await expect(page).toHaveURL(/\/$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  // The refused password came back as a page, not as a failed request in the console.
  expect(errors).toEqual([]);
});
