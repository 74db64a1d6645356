import { test, expect } from "@playwright/test";
import { watchErrors, day, waitForMail, signIn } from "./helpers";

test("an administrator opens a scholarship, a trainee applies, and the award reaches them", async ({ browser }) => {
  const name = `Community policing scholarships ${String(Date.now()).slice(-6)}`;
  const admin = await (await browser.newContext({ locale: "en-US" })).newPage();
  const adminErrors = watchErrors(admin);
  await signIn(admin, "admin@picap.example.org", "demo-admin-passphrase");
  await admin.getByRole("link", { name: "Scholarship programmes" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Scholarship programmes");
  await expect(admin.locator("#scholarship-programmes")).toContainText("OAS scholarships for human rights in policing");

  // A bad budget is refused, naming the field, and nothing typed is lost.
  const form = admin.locator("#scholarship-form");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Funder", { exact: true }).fill("Inter-American Development Bank");
  await form.getByLabel("Budget", { exact: true }).fill("lots");
  await form.getByLabel("Most per person", { exact: true }).fill("4000");
  await form.getByLabel("Tuition", { exact: true }).check();
  await form.getByLabel("Travel", { exact: true }).check();
  await form.locator("input[name^='modules[']").first().check();
  await form.getByLabel("Applications open").fill(day(-1));
  await form.getByLabel("Applications close").fill(day(30));
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("Amount: a positive number with at most two decimals")).toBeVisible();
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(name);

  await form.getByLabel("Budget", { exact: true }).fill("20000");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(admin).toHaveURL(/\/admin\/scholarships\/\d+$/);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(admin.locator("#remaining")).toHaveText("USD 20,000.00");
  const budgetUrl = admin.url();

  // The demo trainee finds it under "My scholarships" and applies.
  const trainee = await (await browser.newContext({ locale: "en-US" })).newPage();
  const traineeErrors = watchErrors(trainee);
  await signIn(trainee, "trainee@picap.example.org", "demo-trainee-passphrase");
  await trainee.getByRole("link", { name: "My scholarships" }).click();
  const offer = trainee.locator("article.scholarship", { hasText: name });
  await offer.getByLabel("Why you apply").fill("I coordinate citizen security plans in Lima and will train the municipal teams.");
  await offer.getByRole("button", { name: "Apply for this scholarship" }).click();
  await expect(trainee.getByRole("status")).toContainText("Your application was sent");
  await expect(trainee.locator("#my-scholarship-applications")).toContainText("Under review");

  // The administrator awards 3,000 from the review queue.
  await admin.goto(budgetUrl);
  const row = admin.locator("#scholarship-applications tr", { hasText: "Jorge Mendoza" });
  // Awarding is its own form; rejecting sits behind a confirmation with its own fields.
  const award = row.locator("form", { has: admin.getByRole("button", { name: /^Award/ }) });
  await award.getByLabel(/^Score \(0–100\)/).fill("90");
  await award.getByLabel(/^Amount/).fill("3000");
  await award.getByLabel(/^Comment/).fill("A clear plan to multiply the training.");
  await award.getByRole("button", { name: /^Award/ }).click();
  await expect(admin.getByRole("status")).toHaveText("Decision recorded.");
  await expect(admin.locator("#remaining")).toHaveText("USD 17,000.00");
  await expect(admin.locator("#ledger")).toContainText("3,000.00");

  // The trainee sees the award, valid for every covered module, and was emailed in Spanish.
  await trainee.goto("/my-scholarships");
  await expect(trainee.locator("article.grant", { hasText: name })).toContainText("USD 3,000.00");
  const mail = await waitForMail("trainee@picap.example.org", /^Beca otorgada/);
  expect(mail.body).toContain("3000.00 USD");
  expect(mail.body).toContain("A clear plan to multiply the training.");
  // The browser logs the refused first try (422); nothing else may go wrong.
  expect(adminErrors.filter((e) => !e.includes("422"))).toEqual([]);
  expect(traineeErrors).toEqual([]);
});

test("a coordinator nominates an officer, which endorses the nomination in the same step", async ({ browser, request }) => {
  const code = `PICAP-NOM-${String(Date.now()).slice(-6)}`;
  const login = await request.post("/api/v1/auth/login", {
    data: { email: "admin@picap.example.org", password: "demo-admin-passphrase" },
  });
  expect(login.status()).toBe(200);
  const module = await request.post("/api/v1/modules", {
    data: {
      code,
      title: { en: "Investigating cybercrime", pt: "Investigação de crimes cibernéticos" },
      summary: {}, topics: ["organized_crime"], credits: 2, hours: 20, level: "intermediate",
      delivery_mode: "distance", audience: "both", prerequisites: [], status: "published",
    },
  });
  expect(module.status()).toBe(201);
  const offering = await request.post("/api/v1/offerings", {
    data: {
      module_id: (await module.json()).id, starts_on: day(40), ends_on: day(50), enrollment_opens: day(-1),
      enrollment_closes: day(30), capacity: 20, language: "pt", country: "BR", host_agency: "Polícia Federal",
      enrollment_policy: "nomination", instructor_ids: [], sessions: [], status: "published",
    },
  });
  expect(offering.status()).toBe(201);

  const page = await (await browser.newContext({ locale: "en-US" })).newPage();
  const errors = watchErrors(page);
  await signIn(page, "coordinator@picap.example.org", "demo-coordinator-passphrase");
  await page.getByRole("link", { name: "My agency" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My agency: Polícia Federal");
  await expect(page.locator("#officers")).toContainText("Ana Souza");

  // The person first: then only the offerings they may take are offered, and the nomination is
  // the coordinator's endorsement, in one step.
  await page.locator("#pick-officer").getByLabel("Person to nominate").selectOption({ label: "Ana Souza · Agente de Polícia Federal" });
  await page.getByRole("button", { name: "Show the offerings open to this person" }).click();
  const form = page.locator("#nominate-form");
  const option = form.locator("select[name='offering_id'] option", { hasText: code });
  await form.getByLabel("Offering").selectOption(await option.getAttribute("value") ?? "");
  await form.getByRole("button", { name: "Nominate and endorse" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await expect(page.locator("#to-endorse tr", { hasText: code })).toHaveCount(0);
  // Ana was told in Portuguese that the coordinator endorsed her.
  const mail = await waitForMail("ana.souza@pf.example.org", new RegExp(`^Candidatura avalizada: ${code}`));
  expect(mail.subject).toContain(code);
  expect(errors).toEqual([]);
});
