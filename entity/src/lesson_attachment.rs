//! A file a lesson shows or offers: a PDF, an image or an audio recording. The bytes live in
//! the file store under their SHA-256.

use sea_orm::entity::prelude::*;

/// An attachment of `lesson_id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lesson_attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub lesson_id: i64,
    /// Hex SHA-256 of the stored bytes: the file's name in the store.
    pub sha256: String,
    /// `pdf`, `image` or `audio`, checked from the bytes.
    pub kind: String,
    /// The media type the bytes were recognised as (`image/png`…).
    pub media_type: String,
    pub size_bytes: i64,
    /// The name it is offered under (cleaned of anything but letters, digits, `-`, `_`, `.`).
    pub file_name: String,
    /// An image's alternative text.
    pub alt_text: Option<String>,
    /// An audio recording's transcript.
    #[sea_orm(column_type = "Text", nullable)]
    pub transcript: Option<String>,
    pub author_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
