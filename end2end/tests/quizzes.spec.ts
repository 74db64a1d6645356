import { test, expect } from "@playwright/test";
import { DEMO, PHONE, openMenuAndClick, refuseDialogs, signIn, signInOnPhone, useLanguage, watchServerErrors } from "./helpers";

// Quizzes as their people walk them: an instructor writes an essay question and a quiz; a
// trainee on a phone takes the pre-test, loses the page mid-quiz (a reload) and carries on in the
// same attempt, submits and sees the score; then takes the new quiz with its essay; the
// instructor grades the essay; the trainee sees the grade, the comment and the feedback.
// Hostile text in the question and the essay runs nothing: a dialog or a CSP report fails it.

test("an instructor writes a quiz, a trainee on a phone takes the pre-test across a reload and the new quiz, and the essay is graded", async ({ browser }) => {
  const stamp = String(Date.now()).slice(-5);
  const quizTitle = `Práctica de custodia ${stamp}`;
  const author = await (await browser.newContext({ locale: "en-US" })).newPage();
  const authorErrors = watchServerErrors(author);
  const authorDialogs = refuseDialogs(author);
  await signIn(author, DEMO.instructor.email, DEMO.instructor.password);
  await author.getByRole("link", { name: "Course content" }).click();
  await author.getByRole("link", { name: /PICAP-PHR-101/ }).click();
  await author.getByRole("link", { name: "Questions and quizzes" }).click();
  await expect(author.getByRole("heading", { level: 1 })).toHaveText(/Questions and quizzes of PICAP-PHR-101/);

  // An essay question in Spanish, with hostile text in its prompt and feedback.
  await author.getByRole("link", { name: "New question" }).click();
  const form = author.locator("#question-form");
  await form.getByLabel("Language").selectOption("es");
  await form.getByLabel("Kind").selectOption("essay");
  await form.getByLabel("Points").fill("4");
  // A refusal names the field and keeps what was typed.
  await form.getByLabel("Question", { exact: true }).fill("");
  await author.getByRole("button", { name: "Save the question" }).click();
  await expect(author.locator("#question-form .field-error")).toContainText("Write the question");
  await form.getByLabel("Question", { exact: true }).fill(
    `Explique el registro de custodia ${stamp}.\n\n<script>alert('pregunta')</script> <img src=x onerror=alert('img')>`,
  );
  await form.getByLabel("Feedback").fill("Nombre, hora y firma en **cada entrega**. [Más](javascript:alert('fb'))");
  await author.getByRole("button", { name: "Save the question" }).click();
  await expect(author.getByRole("status")).toContainText("Question saved");
  await expect(author.locator(".lesson-preview .lesson-body")).toContainText("<script>alert('pregunta')</script>");

  // A practice quiz at the end of the second unit asking it and one question of the bank.
  await author.getByRole("link", { name: /Policing and human rights|Función policial/ }).first().click();
  await author.locator("#new-quiz-unit").selectOption({ index: 1 });
  await author.getByRole("button", { name: "New quiz" }).click();
  await author.locator("#quiz-title-es").fill(quizTitle);
  const quizForm = author.locator("#quiz-form");
  await quizForm.getByLabel("Purpose").selectOption("practice");
  await quizForm.getByLabel("Attempts allowed").fill("2");
  await author.getByLabel(new RegExp(`Explique el registro de custodia ${stamp}`)).check();
  await author.getByLabel(/Which principle requires/).check();
  await author.getByRole("button", { name: "Save the quiz" }).click();
  await expect(author.getByRole("status")).toContainText("Quiz saved");
  await expect(author.locator("#quizzes tbody tr", { hasText: quizTitle })).toBeVisible();

  // The trainee, on a phone, in Spanish.
  const phone = await browser.newContext({ ...PHONE, locale: "es-MX" });
  const trainee = await phone.newPage();
  await useLanguage(trainee, "es");
  const traineeErrors = watchServerErrors(trainee);
  const traineeDialogs = refuseDialogs(trainee);
  await signInOnPhone(trainee, DEMO.trainee, "Iniciar sesión");
  await openMenuAndClick(trainee, "Mi formación");
  await trainee.locator("#my-enrollments tbody tr", { hasText: "México" }).getByRole("link", { name: "Abrir el curso" }).click();

  // The pre-test: answered as they go, the page lost, the same attempt resumed.
  await trainee.locator(".course-quiz", { hasText: "Prueba inicial" }).getByRole("link").click();
  await expect(trainee.locator("#quiz-limit")).toContainText("15");
  await trainee.getByRole("button", { name: "Empezar el cuestionario" }).click();
  await expect(trainee.getByRole("heading", { level: 1 })).toHaveText("Intento 1");
  await expect(trainee.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(trainee.locator("#time-left")).toContainText(/\d+:\d\d/);
  const principle = trainee.locator(".quiz-question", { hasText: "gravedad de la amenaza" });
  await principle.getByLabel("Proporcionalidad").check();
  await trainee.locator(".quiz-question", { hasText: "bienes materiales" }).getByLabel("Falso").check();
  await trainee.locator(".quiz-question", { hasText: "¿Cuántas horas pasaron?" }).getByRole("textbox").fill("1,5");
  await expect(trainee.locator("#autosave-state")).toHaveText("Respuestas guardadas.");
  const url = trainee.url();
  await trainee.reload();
  expect(trainee.url()).toBe(url);
  await expect(principle.getByLabel("Proporcionalidad")).toBeChecked();
  await expect(trainee.locator(".quiz-question", { hasText: "¿Cuántas horas pasaron?" }).getByRole("textbox")).toHaveValue("1,5");
  await trainee.getByRole("button", { name: "Enviar el intento" }).click();
  await expect(trainee.locator("#attempt-score")).toHaveText(/^Puntaje: \d+ de 8$/);
  await expect(trainee.locator("#feedback-later")).toBeVisible();

  // Back to the course: the pre-test's score is in the outline; the new quiz is there too.
  await trainee.getByRole("link", { name: "Todas las lecciones" }).click();
  await expect(trainee.locator(".course-quiz", { hasText: "Prueba inicial" }).locator(".quiz-score")).toContainText("de 8");
  await trainee.getByRole("link", { name: quizTitle }).click();
  await trainee.getByRole("button", { name: "Empezar el cuestionario" }).click();
  await trainee.locator(".quiz-question", { hasText: "gravedad de la amenaza" }).getByLabel("Proporcionalidad").check();
  const essay = trainee.locator(".quiz-question", { hasText: `registro de custodia ${stamp}` });
  await expect(essay).toContainText("<script>alert('pregunta')</script>");
  await essay.getByRole("textbox").fill("Anoto hora, lugar y firma. <img src=x onerror=alert('ensayo')>");
  await trainee.getByRole("button", { name: "Enviar el intento" }).click();
  await expect(trainee.locator("#attempt-score")).toHaveText("Puntaje: 2 de 6");
  await expect(trainee.locator("#attempt-pending")).toContainText("1 respuesta(s) de desarrollo");
  const attemptUrl = trainee.url();

  // The instructor grades the essay from "Essays to grade".
  await author.getByRole("link", { name: "Essays to grade" }).click();
  const card = author.locator("#grading-waiting li", { hasText: `registro de custodia ${stamp}` });
  await expect(card.locator(".essay")).toHaveText("Anoto hora, lugar y firma. <img src=x onerror=alert('ensayo')>");
  await card.getByLabel(/^Score/).fill("9");
  await card.getByRole("button", { name: "Save the grade" }).click();
  await expect(card.locator(".field-error")).toContainText("from 0 to 4");
  await card.getByLabel(/^Score/).fill("3,5");
  await card.getByLabel("Comment for the trainee").fill("Bien: falta el examen médico.");
  await card.getByRole("button", { name: "Save the grade" }).click();
  await expect(author.getByRole("status")).toContainText("Grade saved");
  const done = author.locator("#grading-done li", { hasText: `registro de custodia ${stamp}` });
  await done.locator(".grade-history summary").click();
  await expect(done.locator(".grade-history li")).toContainText("— → 3.5 · graded");

  // The trainee sees the grade, the comment and the feedback; the feedback's link runs nothing.
  await trainee.goto(attemptUrl);
  await expect(trainee.locator("#attempt-score")).toHaveText("Puntaje: 5,5 de 6");
  await expect(trainee.locator(".instructor-comment")).toContainText("Bien: falta el examen médico.");
  const feedback = trainee.locator(".quiz-question", { hasText: `registro de custodia ${stamp}` }).locator(".feedback.lesson-body");
  await expect(feedback.locator("strong")).toHaveText("cada entrega");
  await feedback.locator("a", { hasText: "Más" }).click();
  await expect(feedback.locator("a", { hasText: "Más" })).not.toHaveAttribute("href", /.*/);

  // The instructor's view of the offering: the pre-test counted for the trainee.
  await author.getByRole("link", { name: "My offerings" }).click();
  await author.locator(".offering", { hasText: "Ciudad de México" }).first().getByRole("link", { name: /^Quizzes and knowledge gain/ }).click();
  await expect(author.locator("#gain tbody tr", { hasText: "Jorge Mendoza" })).toBeVisible();
  await expect(author.locator("#gain tbody tr", { hasText: "Lucía Hernández" }).locator("td").nth(3)).not.toHaveText("—");

  expect(authorDialogs).toEqual([]);
  expect(traineeDialogs).toEqual([]);
  expect(authorErrors).toEqual([]);
  expect(traineeErrors).toEqual([]);
});
