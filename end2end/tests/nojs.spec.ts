import { test, expect } from "@playwright/test";
import { signInTraineeAfterAWrongPassword } from "./helpers";

// Without JavaScript every page and form still works: pages are rendered whole on the server,
// and forms post and come back. A reader on a slow link sees the same site before the wasm loads.
test.use({ javaScriptEnabled: false });

test("without JavaScript a visitor finds a course through the menu and a trainee signs in", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Training that changes how we police");

  // The menu is in the HTML itself.
  await page.getByRole("link", { name: "Catalog" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  await page.getByLabel("Search the catalog").fill("derechos");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.locator("#catalog-count")).toBeVisible();
  await page.locator(".module-card a").first().click();
  await expect(page).toHaveURL(/\/modules\//);

  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Sign in" }).click();
  await signInTraineeAfterAWrongPassword(page);
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "My learning" }).click();
  await expect(page).toHaveURL(/\/my-learning$/);

  // The language switcher is a form too.
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page).toHaveURL(/\/my-learning$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});
