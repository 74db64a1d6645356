//! The append-only audit log of security events. Rows are only ever inserted.

use chrono::Utc;
use entity::audit_log;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// A security event worth recording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditEvent {
    /// A successful sign-in.
    Login,
    /// A refused sign-in (wrong password or unknown address).
    LoginFailed,
    /// The account reached the failure threshold and was locked.
    Lockout,
    /// A sign-out.
    Logout,
    /// An administrator changed someone's roles.
    RoleChange,
    /// A person changed their password.
    PasswordChange,
    /// A password change was refused because the current password was wrong.
    PasswordChangeFailed,
    /// A password was set from an emailed reset link.
    PasswordReset,
    /// An invited person set their first password.
    InvitationAccepted,
    /// An administrator created, changed or merged an agency (the detail says which).
    AgencyChange,
    /// A coordinator or administrator changed a person's affiliation or country (the detail
    /// says from what, to what, and why).
    StandingChange,
    /// A person created an account for themself.
    Registration,
    /// An administrator or coordinator created an account and sent an invitation.
    Invitation,
    /// An account was deactivated.
    Deactivation,
    /// An account was reactivated.
    Reactivation,
    /// A person ended one of their sessions from "My sessions".
    SessionEnded,
    /// A person changed their profile.
    ProfileChange,
    /// An administrator or coordinator changed someone's enrolment (with the reason).
    EnrollmentChange,
    /// A self-registered person followed the link that proves their address.
    EmailVerified,
    /// A coordinator or an administrator confirmed that a person belongs to their agency.
    MembershipConfirmed,
    /// A coordinator or an administrator declined a person's membership (with the reason).
    MembershipDeclined,
    /// A newcomer asked for an agency that is not listed (the detail names it).
    AgencyRequested,
    /// An instructor or administrator corrected a recorded attendance mark (the detail names
    /// the session, the old and new status, and why).
    AttendanceCorrected,
}

impl AuditEvent {
    /// The event's code in the log.
    pub const fn code(self) -> &'static str {
        match self {
            AuditEvent::Login => "login",
            AuditEvent::LoginFailed => "login_failed",
            AuditEvent::Lockout => "lockout",
            AuditEvent::Logout => "logout",
            AuditEvent::RoleChange => "role_change",
            AuditEvent::PasswordChange => "password_change",
            AuditEvent::PasswordChangeFailed => "password_change_failed",
            AuditEvent::PasswordReset => "password_reset",
            AuditEvent::InvitationAccepted => "invitation_accepted",
            AuditEvent::AgencyChange => "agency_change",
            AuditEvent::StandingChange => "standing_change",
            AuditEvent::Registration => "registration",
            AuditEvent::Invitation => "invitation",
            AuditEvent::Deactivation => "deactivation",
            AuditEvent::Reactivation => "reactivation",
            AuditEvent::SessionEnded => "session_ended",
            AuditEvent::ProfileChange => "profile_change",
            AuditEvent::EnrollmentChange => "enrollment_change",
            AuditEvent::EmailVerified => "email_verified",
            AuditEvent::MembershipConfirmed => "membership_confirmed",
            AuditEvent::MembershipDeclined => "membership_declined",
            AuditEvent::AgencyRequested => "agency_requested",
            AuditEvent::AttendanceCorrected => "attendance_corrected",
        }
    }
}

/// Appends one event on `conn` (the transaction of the change it records, where there is one).
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    event: AuditEvent,
    actor: Option<i64>,
    subject: Option<i64>,
    ip: Option<&str>,
    detail: Option<String>,
) -> Result<(), DbErr> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        event: Set(event.code().to_string()),
        actor_user_id: Set(actor),
        subject_user_id: Set(subject),
        ip: Set(ip.map(|s| s.chars().take(64).collect())),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
