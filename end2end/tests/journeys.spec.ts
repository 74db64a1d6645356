import { test, expect, Page } from "@playwright/test";
import {
  DEMO, PHONE, day, smallTapTargets, useLanguage, watchServerErrors, openMenuAndClick, registerConfirmed, verificationLink, confirmMembership,
} from "./helpers";

// The five journeys of issue 16, as a person walks them: in Spanish, on a phone, starting at the
// home page and moving only by clicking what is on screen. No server function may answer 5xx on
// the way, and no control on the journey's pages may be smaller than a fingertip (44 px).
test.use(PHONE);

/** Fails with the list of controls under 44 × 44 px on the current page. */
async function expectFingerSizedControls(page: Page) {
  const small = await smallTapTargets(page);
  expect(small, `${page.url()}\n${small.join("\n")}`).toEqual([]);
}

test.beforeEach(async ({ page }) => {
  await useLanguage(page, "es");
});

test("1 · a visitor finds a course and learns, before any click, whether and how to enrol", async ({ page }) => {
  const failures = watchServerErrors(page);
  await page.goto("/");
  await expectFingerSizedControls(page);

  await openMenuAndClick(page, "Catálogo");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Catálogo de cursos");
  await expect(page.locator(".menu-toggle")).toHaveAttribute("aria-expanded", "false");
  await expectFingerSizedControls(page);

  await page.getByLabel("Buscar en el catálogo").fill("derechos humanos");
  await page.getByRole("button", { name: "Buscar", exact: true }).click();
  // The address holds the search and nothing else, and the phone shows the results, not the form.
  await expect(page).toHaveURL(/\/catalog\?q=derechos\+humanos#catalog-count$/);
  await expect(page.locator("#catalog-count")).toBeInViewport();

  await page.getByRole("link", { name: "Función policial y derechos humanos" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Función policial y derechos humanos");
  await expect(page).toHaveTitle("Función policial y derechos humanos · PICAP");
  await expect(page.locator(".facts")).toContainText("Quién puede cursarlo");
  await expect(page.locator(".facts")).toContainText("Personal policial y civiles");

  const lima = page.locator(".offering", { hasText: "Lima" }).first();
  // When, where, in which language, how to enrol: in words, in the reader's language.
  await expect(lima).toContainText(/\d{1,2} de [a-z]+ de \d{4}/);
  await expect(lima).toContainText("se imparte en español");
  await expect(lima).toContainText("Inscripción abierta");
  await expect(lima.locator(".session").first()).toContainText(/Lima, UTC−05:00/);
  await expect(lima.getByRole("link", { name: "Inicie sesión para inscribirse" })).toBeVisible();
  // The calendar link's accessible name starts with what it shows.
  await expect(lima.getByRole("link", { name: /^Agregar a mi calendario/ })).toBeVisible();
  await expectFingerSizedControls(page);

  expect(failures).toEqual([]);
});

/** From anywhere: the menu's catalog, a search, and the course's page. */
async function openHumanRightsCourse(page: Page) {
  await openMenuAndClick(page, "Catálogo");
  await page.getByLabel("Buscar en el catálogo").fill("derechos humanos");
  await page.getByRole("button", { name: "Buscar", exact: true }).click();
  await page.getByRole("link", { name: "Función policial y derechos humanos" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Función policial y derechos humanos");
}

/**
 * Journey 2: from a course page, a new trainee creates an account (country, then their agency
 * from its list), comes back to the course and is told why they cannot apply yet; confirms the
 * address from the mail; once an administrator confirms the membership, applies, then withdraws
 * after confirming. Run with and without JavaScript.
 */
async function registerApplyWithdraw(page: Page) {
  const failures = watchServerErrors(page);
  const email = `journey.${Date.now()}.${Math.floor(Math.random() * 1e6)}@policia.example.org`;
  await page.goto("/");
  await openHumanRightsCourse(page);
  const modulePath = new URL(page.url()).pathname;

  const lima = () => page.locator(".offering", { hasText: "Lima" }).first();
  await lima().getByRole("link", { name: "Inicie sesión para inscribirse" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iniciar sesión en PICAP");
  await page.getByRole("main").getByRole("link", { name: /Crear una cuenta/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cree su cuenta de PICAP");

  // First the country (a plain form), then its institutions to choose from.
  await page.locator("#register-country").getByLabel("País").selectOption("CO");
  await page.getByRole("button", { name: "Ver sus instituciones" }).click();
  await expect(page.locator("#register-country-chosen")).toContainText("País: Colombia");
  await expectFingerSizedControls(page);

  await page.getByLabel("Correo electrónico").fill(email);
  await page.locator("input[type=password]").fill("corta");
  await page.getByLabel(/Nombre completo/).fill("Valentina Ríos");
  await page.getByLabel("Institución", { exact: true }).selectOption({ label: "Policía Nacional de Colombia (PONAL)" });
  await page.getByLabel("Afiliación").selectOption("police");
  await page.getByRole("button", { name: "Crear mi cuenta" }).click();
  // Refused on the field, with what was typed still there, and the way back to the course kept.
  await expect(page.locator("input[type=password]")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel(/Nombre completo/)).toHaveValue("Valentina Ríos");
  await expect(page.locator("#register-country-chosen")).toContainText("País: Colombia");
  await expect(page.getByLabel("Institución", { exact: true }).locator("option:checked")).toHaveText("Policía Nacional de Colombia (PONAL)");
  expect(page.url()).not.toContain("__err");

  await page.locator("input[type=password]").fill("una ruta segura hacia 2027");
  await page.getByRole("button", { name: "Crear mi cuenta" }).click();
  // Back on the course, signed in; instead of the Apply button, why not yet, and where to look.
  await expect(page).toHaveURL(new RegExp(`${modulePath}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Función policial y derechos humanos");
  await expect(lima()).toContainText("Primero confirme su dirección de correo");
  await expect(lima().getByRole("link", { name: "Su perfil" })).toBeVisible();
  await expect(lima().getByRole("button", { name: /^Inscribirme en/ })).toHaveCount(0);

  // The mail's link, then the button that confirms the address.
  await page.goto(await verificationLink(email));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirme su dirección de correo");
  await expectFingerSizedControls(page);
  await page.getByRole("button", { name: "Confirmar mi dirección" }).click();
  await expect(page).toHaveURL(/\/verify-email\?verified=1/);
  await expect(page.locator("#verify-done")).toHaveText("Su dirección está confirmada.");

  // The Policía Nacional de Colombia has no coordinator in the demo: an administrator confirms.
  await confirmMembership(email);

  await openHumanRightsCourse(page);
  await lima().getByRole("button", { name: /^Inscribirme en Función policial y derechos humanos/ }).click();

  await expect(page).toHaveURL(/\/my-learning/);
  const row = page.locator("#my-enrollments tbody tr", { hasText: "Función policial y derechos humanos" });
  await expect(row).toContainText(/Inscripción confirmada|Inscrit|En lista de espera/);
  await expectFingerSizedControls(page);

  // Withdrawing asks first; the panel says what will happen.
  await row.locator("summary").click();
  await row.getByRole("button", { name: /Sí, retirarme/ }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await expect(page.locator("#my-enrollments tbody tr", { hasText: "Función policial y derechos humanos" })).toContainText(/retirada/i);
  expect(failures).toEqual([]);
}

test("2 · a trainee registers from a course, comes back to it, applies and withdraws", async ({ page }) => {
  await registerApplyWithdraw(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("2 · the same journey works with JavaScript off", async ({ page }) => {
    await registerApplyWithdraw(page);
  });
});

/** Signs in through the menu's "Iniciar sesión", as a person arriving at the home page would. */
async function signInFromHome(page: Page, account: { email: string; password: string }) {
  await page.goto("/");
  await openMenuAndClick(page, "Iniciar sesión");
  await page.getByLabel("Correo electrónico").fill(account.email);
  await page.locator("input[type=password]").fill(account.password);
  await page.getByRole("main").getByRole("button", { name: "Iniciar sesión" }).click();
  // Signed in: the header greets the person (folded behind the menu button on a phone).
  await expect(page.locator(".user-menu")).toBeAttached();
}

test("3 · a coordinator nominates an officer in one step and finds the decision in the officer's history", async ({ page, request }) => {
  const failures = watchServerErrors(page);
  // The programme opens an offering that takes nominations (set up through the API).
  const code = `PICAP-NMJ-${String(Date.now()).slice(-6)}`;
  expect((await request.post("/api/v1/auth/login", { data: DEMO.admin })).status()).toBe(200);
  const module = await request.post("/api/v1/modules", {
    data: {
      code, title: { es: "Investigación de delitos informáticos" }, summary: {}, topics: ["organized_crime"],
      credits: 2, hours: 20, level: "intermediate", delivery_mode: "distance", audience: "both", prerequisites: [],
      status: "published",
    },
  });
  expect(module.status()).toBe(201);
  const offering = await request.post("/api/v1/offerings", {
    data: {
      module_id: (await module.json()).id, starts_on: day(40), ends_on: day(50), enrollment_opens: day(-1),
      enrollment_closes: day(30), capacity: 20, language: "es", country: "BR", host_agency: "Polícia Federal",
      enrollment_policy: "nomination", instructor_ids: [], sessions: [], status: "published",
    },
  });
  expect(offering.status()).toBe(201);

  await signInFromHome(page, DEMO.coordinator);
  await openMenuAndClick(page, "Mi institución");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Mi institución");
  await expectFingerSizedControls(page);

  // The person first: then only what they may take is offered, in words.
  await page.locator("#pick-officer").getByLabel("Persona a postular").selectOption({ label: "Rafael Lima · Escrivão" });
  await page.getByRole("button", { name: "Ver las ediciones abiertas a esta persona" }).click();
  const form = page.locator("#nominate-form");
  const options = form.locator("select[name='offering_id'] option:not([value=''])");
  // A retrying assertion: the choices arrive with the page the button asked for.
  await expect(options).not.toHaveCount(0);
  await expect(options.first()).toContainText(/\d{1,2} de [a-z]+ de \d{4}/);
  const chosen = form.locator("select[name='offering_id'] option", { hasText: code });
  await expect(chosen).toContainText("Investigación de delitos informáticos");
  await form.getByLabel(/Edición/).selectOption((await chosen.getAttribute("value")) ?? "");
  await form.getByRole("button", { name: "Postular y avalar" }).click();
  // One step: the nomination is the endorsement; nothing waits for the coordinator's own aval.
  await expect(page.getByRole("status")).toHaveText("Postulación enviada y avalada: ahora decide el programa.");

  await page.getByRole("link", { name: "Historial de Rafael Lima" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Rafael Lima");
  await expect(page.getByRole("main")).toContainText("Investigación de delitos informáticos");
  await expect(page.getByRole("main")).toContainText("Pendiente de aceptación");
  await expectFingerSizedControls(page);
  expect(failures).toEqual([]);
});

test("4 · an administrator creates a course and an offering, then decides on an applicant", async ({ page, request }) => {
  const failures = watchServerErrors(page);
  const code = `PICAP-JRN-${String(Date.now()).slice(-6)}`;
  await signInFromHome(page, DEMO.admin);
  await openMenuAndClick(page, "Administrar catálogo");
  await page.getByRole("link", { name: "Nuevo módulo" }).click();
  await page.getByLabel("Código").fill(code);
  await page.getByLabel("Título en español").fill("Entrevista a víctimas de violencia de género");
  await page.getByLabel("Resumen en español").fill("Cómo escuchar, registrar y derivar sin revictimizar.");
  await page.getByLabel("Créditos de carrera").fill("2");
  await page.getByLabel("Horas lectivas").fill("24");
  await page.getByLabel("Nivel").selectOption("introductory");
  await page.getByLabel("Modalidad").selectOption("onsite");
  await page.getByLabel("Público").selectOption("both");
  await page.getByLabel("Estado").selectOption("published");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("status")).toHaveText("Guardado.");

  await page.getByRole("link", { name: "Volver a la administración del catálogo" }).click();
  await page.locator("#admin-modules tr", { hasText: code }).getByRole("link", { name: /Agregar una edición/ }).click();
  await page.getByLabel("Primer día").fill(day(40));
  await page.getByLabel("Último día").fill(day(41));
  await page.getByLabel("Apertura de inscripción").fill(day(0));
  await page.getByLabel("Cierre de inscripción").fill(day(30));
  await page.getByLabel("Plazas", { exact: true }).fill("1");
  await page.getByLabel("Idioma de enseñanza").selectOption("es");
  await page.getByLabel("País", { exact: true }).selectOption("PY");
  await page.getByLabel(/^Institución anfitriona/).fill("Academia Nacional de Policía");
  await page.getByLabel("Modalidad de inscripción").selectOption("open");
  await page.locator("#offering-session-0-starts_at").fill(`${day(40)}T09:00`);
  await page.locator("#offering-session-0-ends_at").fill(`${day(40)}T17:00`);
  await page.locator("#offering-session-0-timezone").selectOption("America/Asuncion");
  await page.locator("#offering-session-0-venue").fill("Academia de Policía");
  await page.locator("#offering-session-0-city").fill("Asunción");
  await page.locator("#offering-session-0-country").selectOption("PY");
  await page.getByLabel(/^Publicada/).check();
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("status")).toContainText("Edición guardada");
  const offeringId = Number(new URL(page.url()).pathname.split("/").pop());

  // Someone applies (through the API, as another person would from their own browser).
  const email = `aplicante.${Date.now()}@policia.example.org`;
  await registerConfirmed(request, { email, password: "una clave larga de verdad", full_name: "Lucía Benítez",
    country: "PY", agency: "Policía Nacional del Paraguay", rank: "Oficial", affiliation: "police",
    preferred_language: "es" });
  expect((await request.post("/api/v1/auth/login", { data: { email, password: "una clave larga de verdad" } })).status()).toBe(200);
  const applied = await request.post(`/api/v1/offerings/${offeringId}/enrollments`);
  expect(applied.status()).toBeLessThan(300);

  await page.getByRole("link", { name: "Ver las solicitudes" }).click();
  const row = page.locator("tr", { hasText: "Lucía Benítez" });
  await expect(row).toContainText("Inscripción confirmada");
  await expectFingerSizedControls(page);
  // Explicit actions, named for the person; refusing asks for a reason and a confirmation.
  // Taking a confirmed seat away is itself confirmed: the summary opens a question and the real form.
  await row.locator("summary", { hasText: "Lista de espera" }).click();
  await expect(row.getByText(/Deja su plaza/)).toBeVisible();
  await row.getByRole("button", { name: "Sí, pasar a lista de espera" }).click();
  await expect(page.locator("tr", { hasText: "Lucía Benítez" })).toContainText("En lista de espera");
  const again = page.locator("tr", { hasText: "Lucía Benítez" });
  await again.locator("summary", { hasText: "No aceptar" }).click();
  await again.getByRole("button", { name: "Sí, no aceptar" }).click();
  await expect(page.getByText(/Motivo/).first()).toBeVisible();
  await expect(page.locator("tr", { hasText: "Lucía Benítez" })).toContainText("En lista de espera");
  const third = page.locator("tr", { hasText: "Lucía Benítez" });
  if (!(await third.locator("details[open]").count())) await third.locator("summary", { hasText: "No aceptar" }).click();
  await third.getByLabel("Motivo (obligatorio)").fill("El curso exige dos años de servicio.");
  await third.getByRole("button", { name: "Sí, no aceptar" }).click();
  await expect(page.locator("tr", { hasText: "Lucía Benítez" })).toContainText("No aceptada");
  expect(failures).toEqual([]);
});

test("5 · a trainee finds a scholarship, applies with a statement, and sees it waiting for a decision", async ({ page, request }) => {
  const failures = watchServerErrors(page);
  const email = `becaria.${Date.now()}@policia.example.org`;
  const password = "una clave larga de verdad";
  await registerConfirmed(request, { email, password, full_name: "Camila Rojas", country: "CL",
    agency: "Carabineros de Chile", rank: "Subteniente", affiliation: "police", preferred_language: "es" });

  await signInFromHome(page, { email, password });
  await openMenuAndClick(page, "Mis becas");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mis becas");
  const offer = page.locator("article.scholarship").first();
  await expect(offer).toBeVisible();
  await expectFingerSizedControls(page);
  await offer.getByRole("textbox").fill("Corto.");
  await offer.getByRole("button", { name: /^Postular a esta beca/ }).click();
  // Too short: refused on the field, with what was typed kept.
  await expect(page.locator("article.scholarship").first().getByRole("textbox")).toHaveValue("Corto.");
  await page.locator("article.scholarship").first().getByRole("textbox")
    .fill("Multiplicaré la formación en derechos humanos con mi unidad en Valparaíso.");
  await page.locator("article.scholarship").first().getByRole("button", { name: /^Postular a esta beca/ }).click();
  await expect(page.getByRole("status")).toHaveText("Su postulación fue enviada. Recibirá la decisión por correo.");
  await expect(page.locator("#my-scholarship-applications")).toContainText(/\d{1,2} de [a-z]+ de \d{4}/);
  await expectFingerSizedControls(page);
  expect(failures).toEqual([]);
});
