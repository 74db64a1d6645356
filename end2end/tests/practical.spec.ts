import { test, expect } from "@playwright/test";
import { DEMO, PHONE, openMenuAndClick, refuseDialogs, signInOnPhone, useLanguage, watchServerErrors } from "./helpers";

// An observed practical test as its people walk it, on phones: the instructor of the course in
// Mexico City opens the scenario's sheet (two trainees observed: one passed, one failed on a
// critical criterion), observes the demo trainee criterion by criterion and saves on to the
// next, releases the results, then corrects one (asked why); the trainee sees the outcome, the
// marks and the feedback on the course page, and saw nothing before the release.

test("an instructor on a phone fills a practical-test checklist, releases it, and the trainee sees the result", async ({ browser }) => {
  const instructorContext = await browser.newContext({ ...PHONE, locale: "en-US" });
  const instructor = await instructorContext.newPage();
  const instructorErrors = watchServerErrors(instructor);
  const instructorDialogs = refuseDialogs(instructor);
  await signInOnPhone(instructor, DEMO.instructor, "Sign in");

  // The trainee, before the release: no practical-test result on the course page.
  const phone = await browser.newContext({ ...PHONE, locale: "es-MX" });
  const trainee = await phone.newPage();
  await useLanguage(trainee, "es");
  const traineeErrors = watchServerErrors(trainee);
  const traineeDialogs = refuseDialogs(trainee);
  await signInOnPhone(trainee, DEMO.trainee, "Iniciar sesión");
  const openCourse = async () => {
    await openMenuAndClick(trainee, "Mi formación");
    await trainee.locator("#my-enrollments tbody tr", { hasText: "México" }).getByRole("link", { name: "Abrir el curso" }).click();
    await expect(trainee.locator("#course-title")).toBeVisible();
  };
  await openCourse();
  await expect(trainee.locator("#my-practicals")).toHaveCount(0);

  // The instructor: My offerings → the course → Practical tests → the scenario's sheet.
  await openMenuAndClick(instructor, "My offerings");
  const mexico = instructor.locator(".offering", { hasText: "Ciudad de México" }).first();
  await mexico.getByRole("link", { name: /^Practical tests/ }).click();
  await instructor.getByRole("link", { name: "Detención con salvaguardas de derechos humanos" }).click();
  const sheet = instructor.locator("#practical-sheet");
  await expect(sheet.locator("tr", { hasText: "Lucía Hernández" })).toContainText("Passed");
  await expect(sheet.locator("tr", { hasText: "Carlos Ramírez" })).toContainText("Failed: a critical criterion was not met");
  await sheet.locator("tr", { hasText: "Jorge Mendoza" }).getByRole("link", { name: "Observe" }).click();
  await expect(instructor.getByRole("heading", { level: 1 })).toHaveText("Jorge Mendoza");

  // Criterion by criterion, large choices under the thumb; then on to the next trainee.
  const rows = instructor.locator("#observation .mark-row");
  await expect(rows).toHaveCount(5);
  for (let i = 0; i < 5; i++) await rows.nth(i).getByLabel("Met", { exact: true }).check();
  await instructor.getByLabel("Feedback to the trainee").fill("Intervención ejemplar: explicó cada paso a la persona detenida.");
  await instructor.getByRole("button", { name: "Save and next trainee" }).click();
  await expect(instructor.getByRole("heading", { level: 1 })).toHaveText("Lucía Hernández");
  await expect(instructor.getByRole("status")).toContainText("previous trainee’s marks are saved");

  // Back to the sheet: Jorge passed; release the results.
  await instructor.locator(".breadcrumb a").click();
  await expect(sheet.locator("tr", { hasText: "Jorge Mendoza" })).toContainText("Passed · 100");
  await instructor.getByRole("button", { name: "Release the results to trainees" }).click();
  await expect(instructor.getByRole("status")).toContainText("Results released");

  // A correction after the release asks why, then keeps old and new in the history.
  await sheet.locator("tr", { hasText: "Jorge Mendoza" }).getByRole("link", { name: "Observe" }).click();
  await rows.nth(2).getByLabel("Not met", { exact: true }).check();
  await instructor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(instructor.locator("#observation .field-error")).toContainText("say why");
  await expect(rows.nth(2).getByLabel("Not met", { exact: true })).toBeChecked();
  await instructor.getByLabel("Reason for the change").fill("Revisada la grabación: no informó los derechos en voz alta");
  await instructor.getByRole("button", { name: "Save", exact: true }).click();
  await expect(instructor.locator("#observation-outcome")).toContainText("Failed: a critical criterion was not met");
  await expect(instructor.locator("#result-history li").first()).toContainText("Revisada la grabación");

  // The trainee now sees the outcome, each mark and the feedback.
  await openCourse();
  const mine = trainee.locator("#my-practicals");
  await expect(mine.getByRole("heading", { name: "Pruebas prácticas" })).toBeVisible();
  await expect(mine).toContainText("Detención con salvaguardas de derechos humanos");
  await expect(mine).toContainText("Intervención ejemplar");
  await expect(mine.locator("li", { hasText: "Informa a la persona de sus derechos" })).toContainText("No cumplido");

  expect(instructorDialogs).toEqual([]);
  expect(traineeDialogs).toEqual([]);
  expect(instructorErrors).toEqual([]);
  expect(traineeErrors).toEqual([]);
});
