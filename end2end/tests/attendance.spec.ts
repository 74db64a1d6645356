import { test, expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { DEMO, PHONE, openMenuAndClick, refuseDialogs, signInOnPhone, useLanguage, watchServerErrors } from "./helpers";

// Attendance as its people walk it, on phones: the instructor of the course under way in
// Mexico City opens the live session's check-in code; a trainee checks in from their course
// page (a wrong code first: refused, with the tries left); the instructor takes the roll call
// for the rest, then corrects a mark, which asks why and keeps the reason in the history; the
// trainee sees their mark and rate on the course page. The QR code is read back by an
// independent decoder (zbar): it opens the check-in page with the code filled in.

/** What the QR code on `page` holds, as zbar reads it from a screenshot, with the code shown
 * beside it at that moment (read again if the page refreshed in between). */
async function decodeQr(page: Page): Promise<{ url: string; shown: string }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const file = test.info().outputPath(`qr-${attempt}.png`);
    await page.locator(".check-in-code__qr").screenshot({ path: file });
    const shown = (await page.locator("#check-in-code").getAttribute("aria-label")) ?? "";
    const url = execFileSync("zbarimg", ["--raw", "--quiet", file], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    if (url.endsWith(`code=${shown}`)) return { url, shown };
  }
  throw new Error("the QR code never matched the code shown");
}

test("an instructor on a phone shows the check-in code, a trainee checks in, the roll call is taken and corrected", async ({ browser }) => {
  const instructorContext = await browser.newContext({ ...PHONE, locale: "en-US" });
  const instructor = await instructorContext.newPage();
  const instructorErrors = watchServerErrors(instructor);
  const instructorDialogs = refuseDialogs(instructor);
  await signInOnPhone(instructor, DEMO.instructor, "Sign in");
  await openMenuAndClick(instructor, "My offerings");
  const mexico = instructor.locator(".offering", { hasText: "Ciudad de México" }).first();
  await mexico.getByRole("link", { name: /^Attendance/ }).click();
  await expect(instructor.getByRole("heading", { level: 1 })).toContainText("Attendance");
  // Yesterday's live session: its roll call was taken (four trainees recorded).
  const sessions = instructor.locator("#attendance-sessions > li");
  await expect(sessions.first()).toContainText("Live online");
  await expect(sessions.first()).toContainText("4 of 4 trainees recorded");
  // Rosa's absence was excused: her rate leaves the session out.
  await expect(instructor.locator("#attendance-rates tbody tr", { hasText: "Rosa Martínez" })).toContainText("—");

  // Today's live session: the code, as digits and as a QR code, changing every 30 seconds.
  const today = sessions.nth(1);
  await today.getByRole("link", { name: "Show the check-in code" }).click();
  await expect(instructor.locator("#check-in-code")).toHaveText(/^\d{3} \d{3}$/);
  await expect(instructor.locator(".check-in-code__qr svg")).toBeVisible();
  await expect(instructor.locator("meta[http-equiv=refresh]")).toHaveAttribute("content", /^\d+$/);
  const currentCode = async () => {
    await instructor.reload();
    return (await instructor.locator("#check-in-code").getAttribute("aria-label")) ?? "";
  };

  // The trainee, on a phone, in Spanish: the course page lists the sessions with a link to
  // check in while it is open.
  const phone = await browser.newContext({ ...PHONE, locale: "es-MX" });
  const trainee = await phone.newPage();
  await useLanguage(trainee, "es");
  const traineeErrors = watchServerErrors(trainee);
  const traineeDialogs = refuseDialogs(trainee);
  await signInOnPhone(trainee, DEMO.trainee, "Iniciar sesión");
  await openMenuAndClick(trainee, "Mi formación");
  await trainee.locator("#my-enrollments tbody tr", { hasText: "México" }).getByRole("link", { name: "Abrir el curso" }).click();
  const mine = trainee.locator("#my-attendance");
  await expect(mine.getByRole("heading", { name: "Sesiones y asistencia" })).toBeVisible();
  await expect(mine.getByRole("link", { name: "Unirse a la sesión en vivo" }).first()).toHaveAttribute("href", /^https:\/\/meet\.example\.org\//);
  await mine.getByRole("link", { name: "Registrar su asistencia" }).click();
  await expect(trainee.getByRole("heading", { level: 1 })).toHaveText("Registro de asistencia");

  // A wrong code is refused, saying how many tries are left; the right one marks them present.
  const code = await currentCode();
  const wrong = code === "000000" ? "111111" : "000000";
  await trainee.getByLabel("Código").fill(wrong);
  await trainee.getByRole("button", { name: "Registrar su asistencia" }).click();
  await expect(trainee.getByRole("alert")).toContainText("Intentos restantes");
  // The phone's camera reads the QR code: it opens the check-in page with the code filled in.
  await currentCode();
  const { url, shown } = await decodeQr(instructor);
  const scanned = new URL(url);
  expect(scanned.pathname).toMatch(/^\/check-in\/\d+$/);
  await trainee.goto(scanned.pathname + scanned.search);
  await expect(trainee.getByLabel("Código")).toHaveValue(shown);
  await trainee.getByRole("button", { name: "Registrar su asistencia" }).click();
  await expect(trainee.locator("#check-in-done")).toBeVisible();
  await expect(trainee.locator("#check-in-status")).toContainText("Presente");

  // The instructor's screen counts them; the roll call shows them checked in.
  await currentCode();
  await expect(instructor.locator("#check-in-count")).toContainText("1 of 4");
  await instructor.getByRole("link", { name: "Roll call" }).click();
  const jorge = instructor.locator(".mark-row", { hasText: "Jorge Mendoza" });
  await expect(jorge).toContainText("Checked in");
  await expect(jorge.getByLabel("Present")).toBeChecked();
  // The others: Carlos late, Rosa absent, Lucía present.
  await instructor.locator(".mark-row", { hasText: "Lucía Hernández" }).getByLabel("Present").check();
  const carlos = instructor.locator(".mark-row", { hasText: "Carlos Ramírez" });
  await carlos.getByLabel("Late").check();
  await carlos.getByRole("textbox").fill("Llegó 09:20");
  await instructor.locator(".mark-row", { hasText: "Rosa Martínez" }).getByLabel("Absent").check();
  await instructor.getByRole("button", { name: "Save the roll call" }).click();
  await expect(instructor.getByRole("status")).toContainText("Marks changed: 3");

  // A correction asks why, and keeps everything typed while it does.
  await instructor.locator(".mark-row", { hasText: "Rosa Martínez" }).getByLabel("Excused").check();
  await instructor.getByRole("button", { name: "Save the roll call" }).click();
  await expect(instructor.locator("#roll-call .field-error")).toContainText("say why");
  await expect(instructor.locator(".mark-row", { hasText: "Rosa Martínez" }).getByLabel("Excused")).toBeChecked();
  await instructor.getByLabel("Reason for the corrections").fill("Llamó: cita médica");
  await instructor.getByRole("button", { name: "Save the roll call" }).click();
  await expect(instructor.getByRole("status")).toContainText("Marks changed: 1");
  const history = instructor.locator("#roll-call-history li", { hasText: "Rosa Martínez" }).first();
  await expect(history).toContainText("Absent → Excused");
  await expect(history).toContainText("Llamó: cita médica");

  // The trainee's course page shows the mark.
  await openMenuAndClick(trainee, "Mi formación");
  await trainee.locator("#my-enrollments tbody tr", { hasText: "México" }).getByRole("link", { name: "Abrir el curso" }).click();
  await expect(trainee.locator("#my-attendance .badge", { hasText: "Presente" }).first()).toBeVisible();
  await expect(trainee.locator("#my-attendance-rate")).toContainText("1 de 1");

  expect(instructorDialogs).toEqual([]);
  expect(traineeDialogs).toEqual([]);
  expect(instructorErrors).toEqual([]);
  expect(traineeErrors).toEqual([]);
});
