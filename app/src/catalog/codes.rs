//! The catalog's codes: how a module is taught and for whom, how demanding it is, where a
//! module, programme or offering is in its life, how seats are given and what a session is.

code_enum!(
    /// How a module is taught.
    DeliveryMode {
        /// In a classroom.
        Onsite => "onsite",
        /// At a distance.
        Distance => "distance",
        /// Both.
        Blended => "blended",
    }
);

code_enum!(
    /// Whom a module is for.
    Audience {
        /// Police officers.
        Police => "police",
        /// Civilians with public-security responsibilities.
        Civilian => "civilian",
        /// Both.
        Both => "both",
    }
);

code_enum!(
    /// Where a module or programme is in its life.
    CatalogStatus {
        /// Being prepared; not public.
        Draft => "draft",
        /// In the public catalog.
        Published => "published",
        /// No longer offered; kept for records.
        Archived => "archived",
    }
);

code_enum!(
    /// How demanding a module is.
    Level {
        /// No prior training needed.
        Introductory => "introductory",
        /// Builds on introductory modules.
        Intermediate => "intermediate",
        /// For specialists and managers.
        Advanced => "advanced",
    }
);

code_enum!(
    /// Where an offering is in its life.
    OfferingStatus {
        /// Being prepared; not public.
        Draft => "draft",
        /// Public; enrolment follows its window.
        Published => "published",
        /// Will not take place.
        Cancelled => "cancelled",
        /// Has taken place.
        Completed => "completed",
    }
);

code_enum!(
    /// How people get a seat in an offering.
    EnrollmentPolicy {
        /// Trainees apply and get a seat while there is one.
        Open => "open",
        /// Agencies nominate; the coordinator endorses and an administrator accepts.
        Nomination => "nomination",
    }
);

code_enum!(
    /// What kind of teaching session.
    SessionKind {
        /// A meeting at a venue.
        Onsite => "onsite",
        /// A window of distance learning.
        Distance => "distance",
        /// A video meeting at a set time (its link goes to enrolled trainees only).
        Live => "live",
    }
);
