import { test, expect } from "@playwright/test";
import { DEMO, PHONE, openMenuAndClick, refuseDialogs, signIn, signInOnPhone, useLanguage, watchServerErrors } from "./helpers";

// Distance learning as its people walk it: an instructor writes a lesson (previewing it first),
// a trainee on a phone continues the course where they left off and reaches the new lesson, and
// the instructor sees the progress. Every step by clicking what is on screen.

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==",
  "base64",
);

test("an instructor writes a lesson, a trainee on a phone reads on, and the instructor sees the progress", async ({ browser }) => {
  const title = `Trabajar con intérpretes ${String(Date.now()).slice(-5)}`;
  const author = await (await browser.newContext({ locale: "en-US" })).newPage();
  const authorErrors = watchServerErrors(author);
  const authorDialogs = refuseDialogs(author);
  await signIn(author, DEMO.instructor.email, DEMO.instructor.password);
  await author.getByRole("link", { name: "Course content" }).click();
  await author.getByRole("link", { name: /PICAP-PHR-101/ }).click();
  await expect(author.getByRole("heading", { level: 1 })).toHaveText(/Content of PICAP-PHR-101/);

  // A lesson at the end of the first unit, in Spanish (the module's primary language).
  const firstUnit = author.locator(".content-unit").first();
  await firstUnit.locator("summary", { hasText: "Add a lesson" }).click();
  await firstUnit.getByLabel("Lesson title").fill(title);
  await firstUnit.getByRole("button", { name: "Add a lesson" }).click();
  await expect(author.getByRole("heading", { level: 1 })).toHaveText("Lesson in Spanish");

  // With JavaScript the preview follows the typing; the button then keeps it as a draft.
  await expect(author.locator("html")).toHaveAttribute("data-hydrated", "true");
  await author.getByLabel("Text", { exact: true }).fill("Una *primera* idea.");
  await expect(author.locator("#live-preview em")).toHaveText("primera");

  // Preview first: saved as a draft, rendered as trainees will see it, raw HTML shown as text.
  await author.getByLabel("Text", { exact: true }).fill(
    "Hable **con la persona**, no con el intérprete.\n\n<script>alert('lección')</script>\n\n- Frases cortas\n- Una idea a la vez\n\n[Guía rápida](javascript:alert('enlace')) · <img src=x onerror=alert('imagen')>",
  );
  await author.getByRole("button", { name: "Save draft and preview" }).click();
  await expect(author.getByRole("status")).toContainText("Draft saved");
  const preview = author.locator("#preview .lesson-body");
  await expect(preview.locator("strong")).toHaveText("con la persona");
  await expect(preview).toContainText("<script>alert('lección')</script>");
  await expect(author.getByLabel("Text", { exact: true })).toHaveValue(/Una idea a la vez/);

  // An image, described; an HTML page renamed .png is refused by what it is, not its name.
  const attach = author.locator("#attach-form");
  await attach.getByLabel("File", { exact: true }).setInputFiles({ name: "diagrama.png", mimeType: "image/png", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
  await attach.getByLabel(/^Description of the image/).fill("Diagrama: el intérprete a un lado, el agente frente a la persona");
  await attach.getByRole("button", { name: "Add the file" }).click();
  await expect(author.locator("#attach-form [role=alert]")).toContainText("This file is none of these");
  await author.locator("#attach-form").getByLabel("File", { exact: true }).setInputFiles({ name: "diagrama.png", mimeType: "image/png", buffer: PNG });
  await author.locator("#attach-form").getByLabel(/^Description of the image/).fill("Diagrama: el intérprete a un lado, el agente frente a la persona");
  await author.locator("#attach-form").getByRole("button", { name: "Add the file" }).click();
  await expect(author.locator(".attachment-list li")).toContainText("diagrama.png");
  await expect(author.locator(".attachment-list li")).toContainText("shown to trainees when you next publish");

  await author.getByRole("button", { name: "Publish" }).click();
  await expect(author.locator("#editor-published")).toHaveText("Revision 1 published: trainees now read it.");
  await expect(author.locator("#revisions tbody tr")).toHaveCount(1);

  // The trainee, on a phone, in Spanish: "My learning", the course under way, continue.
  const phone = await browser.newContext({ ...PHONE, locale: "es-MX" });
  const trainee = await phone.newPage();
  await useLanguage(trainee, "es");
  const traineeErrors = watchServerErrors(trainee);
  const traineeDialogs = refuseDialogs(trainee);
  await signInOnPhone(trainee, DEMO.trainee, "Iniciar sesión");
  await openMenuAndClick(trainee, "Mi formación");
  const row = trainee.locator("#my-enrollments tbody tr", { hasText: "México" });
  await row.getByRole("link", { name: "Abrir el curso" }).click();
  await expect(trainee.getByRole("heading", { level: 1 })).toHaveText("Función policial y derechos humanos");
  const progress = trainee.locator("#course-progress-text");
  const before = await progress.textContent();
  expect(before).toMatch(/^\d+ de \d+ lecciones leídas$/);

  await trainee.getByRole("link", { name: "Continuar donde lo dejó" }).click();
  const lessonTitle = trainee.getByRole("heading", { level: 1 });
  const first = await lessonTitle.textContent();
  await trainee.getByRole("button", { name: "Marcar como leída y continuar" }).click();
  await expect(lessonTitle).not.toHaveText(first ?? "");

  // Back to the course: one more lesson read, and the new lesson is in the outline.
  await trainee.getByRole("link", { name: "Todas las lecciones" }).click();
  await expect(progress).not.toHaveText(before ?? "");
  await trainee.getByRole("link", { name: title }).click();
  await expect(lessonTitle).toHaveText(title);
  await expect(trainee.locator(".lesson-body strong")).toHaveText("con la persona");
  await expect(trainee.locator(".lesson-body")).toContainText("<script>alert('lección')</script>");
  // The link a script hid in is only text now: clicking it runs nothing (nor does the image).
  await trainee.locator(".lesson-body a", { hasText: "Guía rápida" }).click();
  await expect(trainee.locator(".lesson-body a", { hasText: "Guía rápida" })).not.toHaveAttribute("href", /.*/);
  const image = trainee.locator(".lesson-files img");
  await expect(image).toHaveAttribute("alt", "Diagrama: el intérprete a un lado, el agente frente a la persona");
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

  // The instructor's offerings: the course in Mexico City, its progress table.
  await author.getByRole("link", { name: "My offerings" }).click();
  const mexico = author.locator(".offering", { hasText: "Ciudad de México" }).first();
  await mexico.getByRole("link", { name: /^Progress/ }).click();
  await expect(author.getByRole("heading", { level: 1 })).toHaveText("Trainees’ progress");
  await expect(author.locator("#progress-table tbody tr", { hasText: "Jorge Mendoza" })).toBeVisible();
  await expect(author.locator("#progress-table tbody tr")).toHaveCount(4);

  expect(authorDialogs).toEqual([]);
  expect(traineeDialogs).toEqual([]);
  expect(authorErrors).toEqual([]);
  expect(traineeErrors).toEqual([]);
});

test("an enrolled trainee sees the outline until the lessons open", async ({ browser }) => {
  const page = await (await browser.newContext({ locale: "en-US" })).newPage();
  await signIn(page, DEMO.trainee.email, DEMO.trainee.password);
  await page.getByRole("link", { name: "My learning" }).click();
  // The Lima offering has not started: its course shows when the lessons open.
  const lima = page.locator("#my-enrollments tbody tr", { hasText: "Peru" });
  await lima.getByRole("link", { name: "Open the course" }).click();
  await expect(page.locator("#course-access")).toContainText("The lessons open on");
  await expect(page.locator(".course-lessons a")).toHaveCount(0);
  await expect(page.locator(".course-lessons li").first()).toBeVisible();
});
