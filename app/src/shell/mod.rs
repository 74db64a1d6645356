//! The application shell: the HTML document, layout, navigation and the pages every site has
//! (home, not found, error).

mod confirm;
mod form_memory;
mod home;
mod layout;
mod menu;
pub mod nav;
mod not_found;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use crate::i18n::{Key, initial_locale, provide_i18n};
pub use confirm::Confirm;
use form_memory::FormMemory;
pub use home::HomePage;
pub use layout::{Footer, Header};
pub use not_found::{ErrorPage, NotFound};

/// The HTML document around the app, rendered on the server. `<html lang>` is the negotiated
/// language, which the browser reads back when it hydrates.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_locale().code();
    #[cfg(feature = "ssr")]
    {
        set_content_security_policy();
        crate::forms::provide_typed_values();
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this site or carrying this response's
/// nonce (the hydration bootstrap), wasm compilation allowed, no framing.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The server function whose refusal the page being rendered shows: the server puts it back
/// into the request's query (`__path`) from the refusal cookie.
fn refused_form() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| {
            let query = parts.uri.query()?;
            let has_error = query.split('&').any(|pair| pair.starts_with("__err="));
            let path = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("__path="))?;
            has_error.then(|| percent_decode(path))
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Decodes `%XX` escapes (server function paths are ASCII).
#[cfg(feature = "ssr")]
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The application: layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    crate::auth::provide_auth();

    let title = move || {
        format!(
            "{} · {}",
            i18n.locale().text(Key::SiteName),
            i18n.locale().text(Key::SiteFullName)
        )
    };
    // Every page's title ends with the site's name, so a tab or a bookmark says where it is.
    let site = i18n.locale().text(Key::SiteName);
    let formatter = move |text: String| {
        if text.starts_with(site) {
            text
        } else {
            format!("{text} · {site}")
        }
    };
    view! {
        <Title formatter text=title />
        <Router>
            <a class="skip-link" href="#main">{i18n.t(Key::SiteSkipToContent)}</a>
            <Header />
            <main id="main" tabindex="-1">
                <ErrorBoundary fallback=|_errors| view! { <ErrorPage /> }>
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=StaticSegment("") view=HomePage />
                        <Route path=StaticSegment("sign-in") view=crate::auth::SignInPage />
                        <Route path=StaticSegment("register") view=crate::accounts::RegisterPage />
                        // Rendered whole before it is sent: one read gives the whole page, and
                        // search engines see the results.
                        <Route
                            path=StaticSegment("catalog")
                            view=crate::catalog::CatalogPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("offerings"),
                                ParamSegment("id"),
                                StaticSegment("enrollments"),
                            )
                            view=crate::enrollment::ApplicantsPage
                        />
                        <Route
                            path=StaticSegment("my-learning")
                            view=crate::enrollment::MyLearningPage
                        />
                        <Route
                            path=StaticSegment("my-agency")
                            view=crate::enrollment::AgencyPage
                        />
                        <Route
                            path=StaticSegment("my-scholarships")
                            view=crate::scholarships::MyScholarshipsPage
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("scholarships"))
                            view=crate::scholarships::AdminScholarshipsPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("scholarships"),
                                ParamSegment("id"),
                            )
                            view=crate::scholarships::ScholarshipBudgetPage
                        />
                        <Route
                            path=StaticSegment("my-offerings")
                            view=crate::catalog::MyOfferingsPage
                        />
                        <Route
                            path=StaticSegment("my-content")
                            view=crate::learning::MyContentPage
                        />
                        // Lessons render whole before they are sent: they read before any
                        // script loads, on the slowest connection.
                        <Route
                            path=(StaticSegment("learn"), ParamSegment("enrollment"))
                            view=crate::learning::CoursePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(
                                StaticSegment("learn"),
                                ParamSegment("enrollment"),
                                StaticSegment("lessons"),
                                ParamSegment("lesson"),
                            )
                            view=crate::learning::LessonPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("offerings"),
                                ParamSegment("id"),
                                StaticSegment("progress"),
                            )
                            view=crate::learning::ProgressPage
                        />
                        // A quiz and an attempt render whole before they are sent, as lessons
                        // do: a trainee on a slow connection answers before any script loads.
                        <Route
                            path=(
                                StaticSegment("learn"),
                                ParamSegment("enrollment"),
                                StaticSegment("quizzes"),
                                ParamSegment("quiz"),
                            )
                            view=crate::quizzes::QuizPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(
                                StaticSegment("learn"),
                                ParamSegment("enrollment"),
                                StaticSegment("attempts"),
                                ParamSegment("attempt"),
                            )
                            view=crate::quizzes::AttemptPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("offerings"),
                                ParamSegment("id"),
                                StaticSegment("quizzes"),
                            )
                            view=crate::quizzes::OfferingQuizzesPage
                        />
                        <Route path=StaticSegment("grading") view=crate::quizzes::GradingPage />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("offerings"),
                                ParamSegment("id"),
                                StaticSegment("attendance"),
                            )
                            view=crate::attendance::OfferingAttendancePage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("sessions"),
                                ParamSegment("id"),
                                StaticSegment("attendance"),
                            )
                            view=crate::attendance::RollCallPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("sessions"),
                                ParamSegment("id"),
                                StaticSegment("check-in"),
                            )
                            view=crate::attendance::CheckInCodePage
                            // Whole before it is sent: its refresh belongs in the head.
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(StaticSegment("check-in"), ParamSegment("session"))
                            view=crate::attendance::CheckInPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("offerings"),
                                ParamSegment("id"),
                                StaticSegment("practical-tests"),
                            )
                            view=crate::assessments::PracticalTestsPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("offerings"),
                                ParamSegment("id"),
                                StaticSegment("practical-tests"),
                                StaticSegment("new"),
                            )
                            view=crate::assessments::PracticalEditorPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("offerings"),
                                ParamSegment("id"),
                                StaticSegment("practical-tests"),
                                ParamSegment("test"),
                                StaticSegment("edit"),
                            )
                            view=crate::assessments::PracticalEditorPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("practical-tests"),
                                ParamSegment("id"),
                            )
                            view=crate::assessments::PracticalSheetPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("practical-tests"),
                                ParamSegment("id"),
                                StaticSegment("trainees"),
                                ParamSegment("enrollment"),
                            )
                            view=crate::assessments::ObservationPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("modules"),
                                ParamSegment("id"),
                                StaticSegment("questions"),
                            )
                            view=crate::quizzes::QuestionBankPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("modules"),
                                ParamSegment("module"),
                                StaticSegment("questions"),
                                StaticSegment("new"),
                            )
                            view=crate::quizzes::QuestionEditorPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("modules"),
                                ParamSegment("module"),
                                StaticSegment("questions"),
                                ParamSegment("id"),
                            )
                            view=crate::quizzes::QuestionEditorPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("modules"),
                                ParamSegment("module"),
                                StaticSegment("quizzes"),
                                StaticSegment("new"),
                            )
                            view=crate::quizzes::QuizEditorPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("modules"),
                                ParamSegment("module"),
                                StaticSegment("quizzes"),
                                ParamSegment("id"),
                            )
                            view=crate::quizzes::QuizEditorPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("quizzes"),
                                ParamSegment("id"),
                                StaticSegment("statistics"),
                            )
                            view=crate::quizzes::ItemStatisticsPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("modules"),
                                ParamSegment("id"),
                                StaticSegment("content"),
                            )
                            view=crate::learning::ModuleContentPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("lessons"),
                                ParamSegment("id"),
                            )
                            view=crate::learning::LessonEditorPage
                        />
                        // Rendered whole before it is sent: an unknown module answers 404, and
                        // search engines see the full page.
                        <Route
                            path=(StaticSegment("modules"), ParamSegment("code"))
                            view=crate::catalog::ModulePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=(StaticSegment("programmes"), ParamSegment("code"))
                            view=crate::catalog::ProgrammePage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=StaticSegment("forgot-password")
                            view=crate::auth::ForgotPasswordPage
                        />
                        <Route
                            path=StaticSegment("reset-password")
                            view=crate::auth::ResetPasswordPage
                        />
                        <Route path=StaticSegment("profile") view=crate::accounts::ProfilePage />
                        <Route
                            path=StaticSegment("verify-email")
                            view=crate::accounts::VerifyEmailPage
                        />
                        <Route
                            path=StaticSegment("memberships")
                            view=crate::accounts::MembershipsPage
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("people"))
                            view=crate::accounts::PeoplePage
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("catalog"))
                            view=crate::catalog::AdminCatalogPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("lookalikes"),
                            )
                            view=crate::catalog::LookalikesPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("modules"),
                                StaticSegment("new"),
                            )
                            view=crate::catalog::ModuleFormPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("modules"),
                                ParamSegment("id"),
                            )
                            view=crate::catalog::ModuleFormPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("programmes"),
                                StaticSegment("new"),
                            )
                            view=crate::catalog::ProgrammeFormPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("programmes"),
                                ParamSegment("id"),
                            )
                            view=crate::catalog::ProgrammeFormPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("offerings"),
                                StaticSegment("new"),
                            )
                            view=crate::catalog::OfferingFormPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("catalog"),
                                StaticSegment("offerings"),
                                ParamSegment("id"),
                            )
                            view=crate::catalog::OfferingFormPage
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("agencies"))
                            view=crate::agencies::AgenciesPage
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("mail"))
                            view=crate::administration::MailPage
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("audit"))
                            view=crate::administration::AuditLogPage
                        />
                        <Route
                            path=(
                                StaticSegment("admin"),
                                StaticSegment("people"),
                                StaticSegment("import"),
                            )
                            view=crate::accounts::ImportPage
                        />
                    </Routes>
                </ErrorBoundary>
            </main>
            <Footer />
            <FormMemory refused=refused_form() />
        </Router>
    }
}
