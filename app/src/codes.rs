//! Codes as types: [`code_enum!`] makes one enum per kind of code (a status, a policy, a kind of
//! job), with its code, its parser and the list of every value.
//!
//! Codes are stored as strings, so a typo in a string literal would compile and store a value no
//! screen can show. A type makes the compiler list the codes instead, and a `match` on it must
//! name every one. The database checks them too: every code column accepts only the codes the
//! application knows (migration 0021, `m20261201_000021_check_codes.rs`), and
//! `server/tests/api/codes.rs` checks that the types and the checks agree. Codes stay strings
//! rather than native database enums, so a new code is a new variant of its type plus a plain
//! migration that replaces the check.
//!
//! The macro is declared first in `lib.rs` with `#[macro_use]`, so every module after it can use
//! it. It builds in the browser too (`hydrate`); only the OpenAPI schema is server-side (`ssr`).

/// Declares a code type: a `Copy` enum with `ALL` (display order), `code()` (the code in the
/// database and the API) and `from_code()` (any case, surrounding spaces ignored); serde uses
/// the `snake_case` variant names, and on the server its OpenAPI schema lists the codes.
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code in the database and the API.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code (any case, surrounding spaces ignored).
            pub fn from_code(code: &str) -> Option<Self> {
                let code = code.trim();
                Self::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(code))
            }
        }

        // The OpenAPI schema lists the codes themselves, so the document and `code()` cannot
        // drift apart.
        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {}
    };
}
