//! Administration of the programme's machinery: the mail outbox.

mod mail;

pub use mail::{
    FailedMail, MailOverview, MailPage, OutboxStatus, RetryMail, mail_overview, retry_mail,
};
