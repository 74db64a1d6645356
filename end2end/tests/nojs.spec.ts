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

test("without JavaScript a trainee reads a lesson and marks it read, and an author previews a draft", async ({ browser }) => {
  const reader = await (await browser.newContext({ javaScriptEnabled: false, locale: "en-US" })).newPage();
  await reader.goto("/sign-in");
  await signInTraineeAfterAWrongPassword(reader);
  await reader.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "My learning" }).click();
  await reader.locator("#my-enrollments tbody tr", { hasText: "Mexico" }).getByRole("link", { name: "Open the course" }).click();
  const progress = await reader.locator("#course-progress-text").textContent();
  await reader.getByRole("link", { name: "Continue where you left off" }).click();
  await expect(reader.locator(".lesson-body h1")).toBeVisible();
  await reader.getByRole("button", { name: /^Mark as read/ }).click();
  await reader.getByRole("link", { name: "All lessons" }).click();
  await expect(reader.locator("#course-progress-text")).not.toHaveText(progress ?? "");

  const author = await (await browser.newContext({ javaScriptEnabled: false, locale: "en-US" })).newPage();
  await author.goto("/sign-in");
  await author.getByLabel("Email address").fill("instructor@picap.example.org");
  await author.getByLabel("Password").fill("demo-instructor-passphrase");
  await author.getByRole("button", { name: "Sign in", exact: true }).click();
  await author.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Course content" }).click();
  await author.getByRole("link", { name: /PICAP-PHR-140/ }).click();
  await author.locator(".content-lesson__title").first().click();
  await author.getByLabel("Text", { exact: true }).fill("**Sin JavaScript** también se ve.");
  await author.getByRole("button", { name: "Save draft and preview" }).click();
  await expect(author.locator("#preview strong")).toHaveText("Sin JavaScript");
  await expect(author.getByLabel("Text", { exact: true })).toHaveValue("**Sin JavaScript** también se ve.");
  await author.getByRole("button", { name: "Discard the draft" }).click();
  await expect(author.getByLabel("Text", { exact: true })).not.toHaveValue("**Sin JavaScript** también se ve.");
});

test("without JavaScript a trainee takes a quiz: answers saved by the button, then submitted", async ({ browser }) => {
  const page = await (await browser.newContext({ javaScriptEnabled: false, locale: "en-US" })).newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("trainee@picap.example.org");
  await page.getByLabel("Password").fill("demo-trainee-passphrase");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "My learning" }).click();
  await page.locator("#my-enrollments tbody tr", { hasText: "Mexico" }).getByRole("link", { name: "Open the course" }).click();
  await page.locator(".course-quiz", { hasText: "Práctica" }).getByRole("link").click();
  await page.getByRole("button", { name: /^(Start the quiz|Start a new attempt|Resume)/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Attempt \d+$/);
  await expect(page.locator("#attempt-deadline")).toContainText("Answers are taken until");
  const principle = page.locator(".quiz-question", { hasText: "gravedad de la amenaza" });
  await principle.getByLabel("Proporcionalidad").check();
  await page.locator(".quiz-question", { hasText: "una palabra" }).getByRole("textbox").fill("Necesidad");
  await page.getByRole("button", { name: "Save my answers" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your answers are saved" })).toBeVisible();
  await expect(principle.getByLabel("Proporcionalidad")).toBeChecked();
  await page.getByRole("button", { name: "Submit the attempt" }).click();
  await expect(page.locator("#attempt-score")).toHaveText("Score: 3 out of 3");
  await expect(page.locator(".feedback strong").first()).toBeVisible();
});

test("without JavaScript an instructor corrects yesterday's roll call, asked why, nothing typed lost", async ({ browser }) => {
  const page = await (await browser.newContext({ javaScriptEnabled: false, locale: "en-US" })).newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("instructor@picap.example.org");
  await page.getByLabel("Password").fill("demo-instructor-passphrase");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "My offerings" }).click();
  await page.locator(".offering", { hasText: "Ciudad de México" }).first().getByRole("link", { name: /^Attendance/ }).click();
  await page.locator("#attendance-sessions > li").first().getByRole("link", { name: "Roll call" }).click();
  const lucia = page.locator(".mark-row", { hasText: "Lucía Hernández" });
  await expect(lucia.getByLabel("Present")).toBeChecked();
  await lucia.getByLabel("Late").check();
  await lucia.getByRole("textbox").fill("Llegó con 15 minutos de retraso");
  await page.getByRole("button", { name: "Save the roll call" }).click();
  await expect(page.locator("#roll-call .field-error")).toContainText("say why");
  await expect(lucia.getByLabel("Late")).toBeChecked();
  await expect(lucia.getByRole("textbox")).toHaveValue("Llegó con 15 minutos de retraso");
  await page.getByLabel("Reason for the corrections").fill("Revisado con la grabación de la sesión");
  await page.getByRole("button", { name: "Save the roll call" }).click();
  await expect(page.getByRole("status")).toContainText("Marks changed: 1");
  await expect(page.locator("#roll-call-history li").first()).toContainText("Present → Late");
});

test("without JavaScript an instructor writes a practical test: a refusal names the field and keeps the checklist", async ({ browser }) => {
  const page = await (await browser.newContext({ javaScriptEnabled: false, locale: "en-US" })).newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("instructor@picap.example.org");
  await page.getByLabel("Password").fill("demo-instructor-passphrase");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "My offerings" }).click();
  await page.locator(".offering", { hasText: "Ciudad de México" }).first().getByRole("link", { name: /^Practical tests/ }).click();
  await page.getByRole("link", { name: "New practical test" }).click();
  await page.getByLabel("Title").fill("Control de identidad en la vía pública");
  await page.getByLabel("Pass mark (percent of the points observed)").fill("150");
  await page.getByLabel("Criterion 1", { exact: true }).fill("Saluda y se identifica");
  await page.getByLabel("Criterion 2", { exact: true }).fill("No discrimina por apariencia");
  await page.locator("#criterion-1-critical").check();
  await page.getByRole("button", { name: "Save the practical test" }).click();
  await expect(page.locator("#practical-form .field-error")).toContainText("Pass mark");
  await expect(page.getByLabel("Criterion 2", { exact: true })).toHaveValue("No discrimina por apariencia");
  await expect(page.locator("#criterion-1-critical")).toBeChecked();
  await page.getByLabel("Pass mark (percent of the points observed)").fill("80");
  await page.getByRole("button", { name: "Save the practical test" }).click();
  await expect(page.getByRole("status")).toContainText("Practical test saved");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Control de identidad en la vía pública");
  await expect(page.locator("details li", { hasText: "No discrimina por apariencia" })).toContainText("Critical");
});
