import { test, expect, APIRequestContext } from "@playwright/test";
import { watchErrors, day, waitForMail, signIn, registerConfirmed } from "./helpers";

/** A one-seat offering of a new module, made through the API as the demo administrator. */
async function oneSeatOffering(request: APIRequestContext, code: string): Promise<void> {
  const login = await request.post("/api/v1/auth/login", {
    data: { email: "admin@picap.example.org", password: "demo-admin-passphrase" },
  });
  expect(login.status()).toBe(200);
  const module = await request.post("/api/v1/modules", {
    data: {
      code,
      title: { en: "Crowd management at public events", es: "Gestión de multitudes en eventos públicos" },
      summary: {},
      topics: ["progressive_use_of_force"],
      credits: 2,
      hours: 16,
      level: "introductory",
      delivery_mode: "onsite",
      audience: "both",
      prerequisites: [],
      status: "published",
    },
  });
  expect(module.status()).toBe(201);
  const { id } = await module.json();
  const offering = await request.post("/api/v1/offerings", {
    data: {
      module_id: id,
      starts_on: day(45),
      ends_on: day(46),
      enrollment_opens: day(-1),
      enrollment_closes: day(30),
      capacity: 1,
      language: "en",
      country: "TT",
      host_agency: "Trinidad and Tobago Police Service",
      enrollment_policy: "open",
      instructor_ids: [],
      sessions: [],
      status: "published",
    },
  });
  expect(offering.status()).toBe(201);
}

test("a trainee is waitlisted, another withdraws, and the first one has the seat and an email", async ({ browser, request }) => {
  const code = `PICAP-CRW-${String(Date.now()).slice(-6)}`;
  await oneSeatOffering(request, code);

  // A second trainee registers through the API, confirms the address and is confirmed as a member.
  const email = `officer.${Date.now()}@ttps.example.org`;
  const password = "steelpan and sea breeze";
  await registerConfirmed(request, {
    email, password, full_name: "Kareem Joseph", country: "TT", agency: "Trinidad and Tobago Police Service",
    rank: "Constable", affiliation: "police", preferred_language: "en",
  });

  // The demo trainee takes the only seat from the module page.
  const first = await (await browser.newContext()).newPage();
  const firstErrors = watchErrors(first);
  await signIn(first, "trainee@picap.example.org", "demo-trainee-passphrase");
  await first.goto(`/modules/${code}`);
  await first.getByRole("button", { name: "Apply" }).click();
  await expect(first).toHaveURL(/\/my-learning\?applied=enrolled/);
  await expect(first.getByRole("status")).toHaveText("You are enrolled.");
  await expect(first.locator("#my-enrollments tr", { hasText: code })).toContainText("Enrolled");

  // The second one is waitlisted, first in line.
  const second = await (await browser.newContext()).newPage();
  const secondErrors = watchErrors(second);
  await signIn(second, email, password);
  await second.goto(`/modules/${code}`);
  await second.getByRole("button", { name: "Apply" }).click();
  await expect(second).toHaveURL(/\/my-learning\?applied=waitlisted/);
  await expect(second.locator("#my-enrollments tr", { hasText: code })).toContainText("On the waiting list number 1");

  // Back on the module page, the offering says they already applied, instead of an Apply button.
  await second.goto(`/modules/${code}`);
  await expect(second.locator("#module-offerings")).toContainText("Your application: On the waiting list.");
  await expect(second.getByRole("button", { name: "Apply" })).toHaveCount(0);

  // The demo trainee withdraws; the seat passes to the second trainee at once.
  // Withdrawing asks first, and the notice says what really happened to the seat.
  const row = first.locator("#my-enrollments tr", { hasText: code });
  await row.locator("summary").click();
  await row.getByRole("button", { name: "Yes, withdraw" }).click();
  await expect(first.getByRole("status")).toHaveText("Your withdrawal is recorded; your seat went to the next person on the waiting list.");
  await expect(first.locator("#my-enrollments tr", { hasText: code })).toContainText("Withdrawn");

  await second.goto("/my-learning");
  await expect(second.locator("#my-enrollments tr", { hasText: code })).toContainText("Enrolled");
  // And they are told by email: the message reached the SMTP sink.
  const mail = await waitForMail(email, /^A seat is yours/);
  expect(mail.subject).toContain(code);
  expect(mail.body).toContain("Kareem Joseph");
  expect(mail.body).toContain("/my-learning");
  expect(firstErrors).toEqual([]);
  expect(secondErrors).toEqual([]);
});
