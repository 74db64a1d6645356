import { test, expect, Browser, BrowserContextOptions, Page } from "@playwright/test";
import {
  DEMO, PHONE, agencyId, openMenuAndClick, smallTapTargets, useLanguage, verificationLink, waitForMail,
  watchServerErrors,
} from "./helpers";

// Issue 17 §1, as people walk it by clicking links and menus: a newcomer registers from a course,
// choosing Brazil and then the Polícia Federal from the list; cannot apply yet and is told why;
// confirms the address with the link the mail brought; the agency's coordinator, in a browser of
// their own, confirms the membership from the menu; then the newcomer applies.

/** What the journey reads and clicks, in the language it is walked in. */
const TEXT = {
  pt: {
    catalog: "Catálogo",
    search: "Pesquisar no catálogo",
    searchSubmit: "Pesquisar",
    query: "direitos humanos",
    course: "Polícia e direitos humanos",
    signInToApply: "Entre para se inscrever",
    signInTitle: "Entrar no PICAP",
    signIn: "Entrar",
    createAccount: /Criar uma conta/,
    registerTitle: "Crie a sua conta do PICAP",
    email: "E-mail",
    country: "País",
    showAgencies: "Ver as suas instituições",
    countryChosen: "País: Brasil",
    fullName: /Nome completo/,
    institution: "Instituição",
    affiliation: "Vínculo",
    submit: "Criar a minha conta",
    holdUnverified: "Primeiro confirme o seu endereço de e-mail",
    seeProfile: "O seu perfil",
    emailUnverified: "Ainda por confirmar",
    verifySubmit: "Confirmar o meu endereço",
    memberships: "Vínculos",
    membershipsTitle: "Pedidos de vínculo",
    confirm: (name: string) => `Confirmar ${name}`,
    confirmedDone: "Vínculo confirmado.",
    applyFor: /^Inscrever-me em Polícia e direitos humanos/,
    myLearning: "Minha formação",
    enrolled: "Inscrição confirmada",
  },
  es: {
    catalog: "Catálogo",
    search: "Buscar en el catálogo",
    searchSubmit: "Buscar",
    query: "derechos humanos",
    course: "Función policial y derechos humanos",
    signInToApply: "Inicie sesión para inscribirse",
    signInTitle: "Iniciar sesión en PICAP",
    signIn: "Iniciar sesión",
    createAccount: /Crear una cuenta/,
    registerTitle: "Cree su cuenta de PICAP",
    email: "Correo electrónico",
    country: "País",
    showAgencies: "Ver sus instituciones",
    countryChosen: "País: Brasil",
    fullName: /Nombre completo/,
    institution: "Institución",
    affiliation: "Afiliación",
    submit: "Crear mi cuenta",
    holdUnverified: "Primero confirme su dirección de correo",
    seeProfile: "Su perfil",
    emailUnverified: "Aún sin confirmar",
    verifySubmit: "Confirmar mi dirección",
    memberships: "Pertenencias",
    membershipsTitle: "Solicitudes de pertenencia",
    confirm: (name: string) => `Confirmar a ${name}`,
    confirmedDone: "Pertenencia confirmada.",
    applyFor: /^Inscribirme en Función policial y derechos humanos/,
    myLearning: "Mi formación",
    enrolled: "Inscripción confirmada",
  },
} as const;

type Lang = keyof typeof TEXT;

/** Fails with the controls under 44 × 44 px on the current page (checked on the phone only). */
async function expectFingerSized(page: Page, phone: boolean) {
  if (!phone) return;
  const small = await smallTapTargets(page);
  expect(small, `${page.url()}\n${small.join("\n")}`).toEqual([]);
}

/** From anywhere: the menu's catalog, a search, and the course's page. */
async function openCourse(page: Page, t: (typeof TEXT)[Lang]) {
  await openMenuAndClick(page, t.catalog);
  await page.getByLabel(t.search).fill(t.query);
  await page.getByRole("button", { name: t.searchSubmit, exact: true }).click();
  await page.getByRole("link", { name: t.course }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.course);
}

/** The Brasília offering of the course, which the Polícia Federal hosts. */
function brasilia(page: Page) {
  return page.locator(".offering", { hasText: "Brasília" }).first();
}

async function newcomerJourney(browser: Browser, lang: Lang, name: string, options: BrowserContextOptions) {
  const t = TEXT[lang];
  const phone = Boolean(options.isMobile);
  const email = `newcomer.${Date.now()}.${Math.floor(Math.random() * 1e6)}@pf.example.gov.br`;

  // The newcomer, in a browser of their own.
  const newcomer = await browser.newContext(options);
  const page = await newcomer.newPage();
  const failures = watchServerErrors(page);
  await useLanguage(page, lang);
  await page.goto("/");
  await openCourse(page, t);
  const coursePath = new URL(page.url()).pathname;

  await brasilia(page).getByRole("link", { name: t.signInToApply }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.signInTitle);
  await page.getByRole("main").getByRole("link", { name: t.createAccount }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.registerTitle);

  // Step 1: the country, whose agencies the form then lists.
  await page.locator("#register-country").getByLabel(t.country).selectOption({ label: "Brasil" });
  await page.getByRole("button", { name: t.showAgencies }).click();
  await expect(page.locator("#register-country-chosen")).toContainText(t.countryChosen);
  const institution = page.getByLabel(t.institution, { exact: true });
  // Only Brazil's agencies, with their short names, and a way out when one is missing.
  await expect(institution.locator("option", { hasText: "Polícia Federal (PF)" })).toHaveCount(1);
  await expect(institution.locator("option", { hasText: "Carabineros de Chile" })).toHaveCount(0);
  await expect(institution.locator("option[value=other]")).toHaveCount(1);
  await expectFingerSized(page, phone);

  // Step 2: who they are, and the Polícia Federal picked from the list.
  await page.getByLabel(t.email, { exact: true }).fill(email);
  await page.locator("input[type=password]").fill("uma senha longa e segura 2027");
  await page.getByLabel(t.fullName).fill(name);
  await institution.selectOption({ label: "Polícia Federal (PF)" });
  await page.getByLabel(t.affiliation, { exact: true }).selectOption("police");
  await page.getByRole("button", { name: t.submit }).click();

  // Back on the course, signed in, told why they cannot apply yet instead of an Apply button.
  await expect(page).toHaveURL(new RegExp(coursePath));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(t.course);
  await expect(brasilia(page)).toContainText(t.holdUnverified);
  await expect(brasilia(page).getByRole("button", { name: t.applyFor })).toHaveCount(0);
  await expectFingerSized(page, phone);
  // The note's link leads to the profile, which says the same and offers the link again.
  await brasilia(page).getByRole("link", { name: t.seeProfile }).click();
  await expect(page.locator("#email-status")).toHaveText(t.emailUnverified);
  await expect(page.locator("#resend-form button")).toBeVisible();

  // The link of the mail, opened; nothing happens until the button is pressed.
  await page.goto(await verificationLink(email));
  await page.getByRole("button", { name: t.verifySubmit }).click();
  await expect(page).toHaveURL(/\/verify-email\?verified=1/);
  await expect(page.locator("#verify-done")).toBeVisible();
  await expectFingerSized(page, phone);

  // The coordinator of the Polícia Federal is asked, by mail, then confirms from the menu.
  // (In the coordinator's own language: "{name} pede para ser confirmado/a como membro de Polícia Federal".)
  const asked = await waitForMail(DEMO.coordinator.email, new RegExp(`^${name} .*Polícia Federal$`));
  expect(asked.body).toContain("/memberships");
  const coordinator = await browser.newContext(options);
  const desk = await coordinator.newPage();
  const deskFailures = watchServerErrors(desk);
  await useLanguage(desk, lang);
  await desk.goto("/");
  await openMenuAndClick(desk, t.signIn);
  await desk.getByLabel(t.email, { exact: true }).fill(DEMO.coordinator.email);
  await desk.locator("input[type=password]").fill(DEMO.coordinator.password);
  await desk.getByRole("main").getByRole("button", { name: t.signIn }).click();
  await expect(desk.locator(".user-menu")).toBeAttached();
  await openMenuAndClick(desk, t.memberships);
  await expect(desk.getByRole("heading", { level: 1 })).toHaveText(t.membershipsTitle);
  const row = desk.locator("#memberships tbody tr", { hasText: email });
  await expect(row).toContainText(name);
  await expect(row).toContainText("Polícia Federal");
  await expectFingerSized(desk, phone);
  await row.getByRole("button", { name: t.confirm(name) }).click();
  await expect(desk.locator("#memberships-notice")).toContainText(t.confirmedDone);
  await expect(desk.locator("#memberships tbody tr", { hasText: email })).toHaveCount(0);

  // The newcomer goes back to the course and applies; it shows in their learning.
  await openCourse(page, t);
  await brasilia(page).getByRole("button", { name: t.applyFor }).click();
  await expect(page).toHaveURL(/\/my-learning/);
  await openMenuAndClick(page, t.myLearning);
  await expect(page.locator("#my-enrollments tbody tr", { hasText: t.course })).toContainText(t.enrolled);
  await expectFingerSized(page, phone);

  expect(failures).toEqual([]);
  expect(deskFailures).toEqual([]);
  await newcomer.close();
  await coordinator.close();
}

test("a newcomer registers choosing the Polícia Federal, confirms the address, is confirmed by the coordinator and applies", async ({ browser }) => {
  test.setTimeout(90_000);
  await newcomerJourney(browser, "pt", "Ana Carvalho", {});
});

test("the same journey on a phone, in Spanish", async ({ browser }) => {
  test.setTimeout(90_000);
  await newcomerJourney(browser, "es", "Bruno Teixeira", PHONE);
});

test("the same journey without JavaScript, for the newcomer and the coordinator", async ({ browser }) => {
  test.setTimeout(90_000);
  await newcomerJourney(browser, "pt", "Davi Rocha", { javaScriptEnabled: false });
});

test("an administrator accepts an institution a newcomer asked for, then confirms the newcomer", async ({ browser, page, request }) => {
  test.setTimeout(60_000);
  const stamp = Date.now();
  const agency = `Guarda Civil Municipal de Teste ${stamp}`;
  const name = "Carla Mendes";
  const email = `guarda.${stamp}@gcm.example.gov.br`;

  // The newcomer registers asking for an institution that is not listed, and confirms the address.
  const newcomer = await browser.newContext();
  const form = await newcomer.newPage();
  const newcomerFailures = watchServerErrors(form);
  await useLanguage(form, "pt");
  await form.goto("/register?country=BR");
  await form.getByLabel("E-mail", { exact: true }).fill(email);
  await form.locator("input[type=password]").fill("uma senha longa e segura 2027");
  await form.getByLabel(/Nome completo/).fill(name);
  await form.getByLabel("Instituição", { exact: true }).selectOption("other");
  await form.getByLabel("Nome da sua instituição, se não estiver na lista").fill(agency);
  await form.getByLabel("Vínculo", { exact: true }).selectOption("police");
  await form.getByRole("button", { name: "Criar a minha conta" }).click();
  await expect(form).toHaveURL(/\/profile\?saved=welcome/);
  await form.goto(await verificationLink(email));
  await form.getByRole("button", { name: "Confirmar o meu endereço" }).click();
  await expect(form).toHaveURL(/\/verify-email\?verified=1/);
  // Nothing lists the request as an agency of the country yet.
  const listed = await request.get("/api/v1/agencies?country=BR");
  expect((await listed.json()).map((a: { name: string }) => a.name)).not.toContain(agency);
  // The administrators are told.
  await waitForMail(DEMO.admin.email, new RegExp(`^Instituci[oó]n solicitada: ${agency}|^Institution requested: ${agency}|^Instituição pedida: ${agency}`));

  // The administrator accepts it from the registry.
  const failures = watchServerErrors(page);
  await useLanguage(page, "es");
  await page.goto("/");
  await openMenuAndClick(page, "Iniciar sesión");
  await page.getByLabel("Correo electrónico").fill(DEMO.admin.email);
  await page.locator("input[type=password]").fill(DEMO.admin.password);
  await page.getByRole("main").getByRole("button", { name: "Iniciar sesión" }).click();
  await expect(page.locator(".user-menu")).toBeAttached();
  await openMenuAndClick(page, "Instituciones");
  await page.locator("#agencies-filter").getByLabel("País").selectOption({ label: "Brasil" });
  await page.getByRole("button", { name: "Mostrar" }).click();
  // Its row is the one whose Accept button names it (other rows offer it as a merge target).
  const accept = page.getByRole("button", { name: `Aceptar ${agency}` });
  const row = page.locator("#agencies tr", { has: accept });
  await expect(row).toContainText("Institución solicitada, aún no aceptada");
  await accept.click();
  await expect(page.locator("#agencies-notice")).toHaveText(`${agency} ya está en la lista.`);
  const id = await agencyId(request, "BR", agency);
  await expect(page.locator(`#agency-${id}`)).toContainText(agency);
  await expect(page.locator(`#agency-${id}`)).not.toContainText("Institución solicitada");
  await expect(page.getByRole("button", { name: `Aceptar ${agency}` })).toHaveCount(0);

  // The accepted institution has no coordinator: the administrator confirms the newcomer.
  await openMenuAndClick(page, "Pertenencias");
  const member = page.locator("#memberships tbody tr", { hasText: email });
  await expect(member).toContainText(agency);
  await member.getByRole("button", { name: `Confirmar a ${name}` }).click();
  await expect(page.locator("#memberships-notice")).toBeVisible();
  await form.goto("/profile");
  await expect(form.locator("#membership-status")).toHaveText("Confirmado");

  expect(failures).toEqual([]);
  expect(newcomerFailures).toEqual([]);
  await newcomer.close();
});
