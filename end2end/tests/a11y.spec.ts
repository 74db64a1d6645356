import { test, expect, Page } from "@playwright/test";
import { DEMO, fillSignIn, seriousAxeViolations, useLanguage, watchServerErrors } from "./helpers";

// Every page of every role, in Spanish, Portuguese and French, has no serious or critical axe-core
// violation (WCAG 2.1 A and AA, and axe's best practices). English is the language the other
// browser tests read in.
const LANGUAGES = ["es", "pt", "fr"] as const;

/** The first `href` on `path` matching `selector`, as a path. */
async function firstLink(page: Page, path: string, selector: string): Promise<string> {
  await page.goto(path);
  const href = await page.locator(selector).first().getAttribute("href", { timeout: 5_000 });
  expect(href, `a link ${selector} on ${path}`).toBeTruthy();
  return new URL(href!, "http://x").pathname;
}

async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto("/sign-in");
  await fillSignIn(page, account.email, account.password);
  await expect(page.locator(".user-menu")).toBeVisible();
}

async function check(page: Page, pages: string[], found: string[]) {
  for (const lang of LANGUAGES) {
    await useLanguage(page, lang);
    for (const path of pages) {
      const response = await page.goto(path);
      expect(response?.status(), `${path} answers`).toBeLessThan(400);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      for (const violation of await seriousAxeViolations(page)) {
        found.push(`[${lang}] ${path}: ${violation}`);
        console.log(`[${lang}] ${path}: ${violation}`);
      }
    }
  }
}

test("every page of every role is free of serious accessibility violations in es, pt and fr", async ({ page }) => {
  test.setTimeout(240_000);
  const failures = watchServerErrors(page);
  const found: string[] = [];

  // A visitor.
  const modulePage = await firstLink(page, "/catalog", ".module-card h2 a");
  const programme = await firstLink(page, "/catalog", ".programme-links a");
  await check(page, ["/", "/catalog", "/catalog?q=policia&mode=distance", modulePage, programme, "/sign-in", "/register",
    "/register?country=BR", "/verify-email?token=x", "/forgot-password"], found);

  // A trainee, with their course under way and one of its lessons.
  await signIn(page, DEMO.trainee);
  const course = await firstLink(page, "/my-learning", "a.course-link");
  const lesson = await firstLink(page, course, ".course-lessons a");
  const quiz = await firstLink(page, course, ".course-quiz a");
  const checkIn = await firstLink(page, course, "#my-attendance a[href^='/check-in/']");
  await check(page, ["/my-learning", "/my-scholarships", "/profile", modulePage, course, lesson, quiz, checkIn], found);
  // An attempt at the practice quiz while it is open, then its results.
  await page.goto(course);
  await page.locator(".course-quiz a").nth(1).click();
  await page.locator("#start-attempt button").click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  const attempt = new URL(page.url()).pathname;
  await check(page, [attempt], found);
  await page.goto(attempt);
  await page.locator("#submit-attempt").click();
  await expect(page.locator("#attempt-score")).toBeVisible();
  await check(page, [attempt], found);

  // A coordinator.
  await page.context().clearCookies();
  await signIn(page, DEMO.coordinator);
  await check(page, ["/my-agency", "/memberships", "/profile"], found);

  // An instructor.
  await page.context().clearCookies();
  await signIn(page, DEMO.instructor);
  const content = await firstLink(page, "/my-content", "#my-content a");
  const editor = await firstLink(page, content, ".content-lesson__title");
  const progress = await firstLink(page, "/my-offerings", "a[href$='/progress']");
  const results = await firstLink(page, "/my-offerings", "a[href$='/quizzes']");
  const bank = await firstLink(page, content, "#content-questions-link");
  const question = await firstLink(page, bank, "#questions tbody a");
  const quizEditor = await firstLink(page, bank, "#quizzes tbody td:first-child a");
  const statistics = await firstLink(page, bank, "a[href$='/statistics']");
  const attendance = await firstLink(page, "/my-offerings", ".offering:has-text('Ciudad de México') a[href$='/attendance']");
  const rollCall = await firstLink(page, attendance, "#attendance-sessions a[href$='/attendance']");
  const practicals = await firstLink(page, "/my-offerings", ".offering:has-text('Ciudad de México') a[href$='/practical-tests']");
  const practicalSheet = await firstLink(page, practicals, "#practical-tests a");
  const observation = await firstLink(page, practicalSheet, "#practical-sheet a");
  await check(page, ["/my-offerings", "/profile", "/my-content", content, editor, progress, results, bank, question,
    `${bank}/new`, quizEditor, statistics, "/grading", attendance, rollCall, practicals, `${practicals}/new`,
    practicalSheet, observation], found);

  // An administrator.
  await page.context().clearCookies();
  await signIn(page, DEMO.admin);
  const offering = await firstLink(page, "/admin/catalog", "a[href^='/admin/catalog/offerings/']:not([href$='/new'])");
  const moduleForm = await firstLink(page, "/admin/catalog", "a[href^='/admin/catalog/modules/']:not([href$='/new'])");
  const applicants = await firstLink(page, modulePage, "a[href$='/enrollments']");
  const budget = await firstLink(page, "/admin/scholarships", "a[href^='/admin/scholarships/']");
  await check(page, ["/admin/catalog", "/admin/catalog/modules/new", moduleForm, "/admin/catalog/programmes/new",
    "/admin/catalog/offerings/new", offering, applicants, "/admin/people", "/admin/people/import", "/memberships", "/admin/agencies", "/admin/scholarships",
    budget, "/admin/mail", "/admin/audit", modulePage], found);

  expect(found, found.join("\n")).toEqual([]);
  expect(failures).toEqual([]);
});
