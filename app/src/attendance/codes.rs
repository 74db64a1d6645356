//! The codes of attendance: a mark's status, and how it was taken.

code_enum!(
    /// A trainee's mark for one session.
    AttendanceStatus {
        /// There from the start.
        Present => "present",
        /// Arrived late (counts as attended unless the offering says otherwise).
        Late => "late",
        /// Not there.
        Absent => "absent",
        /// Not there, for a reason the instructor accepted: left out of the rate.
        Excused => "excused",
    }
);

code_enum!(
    /// How a mark was taken.
    MarkSource {
        /// By the instructor's roll call (or a correction).
        RollCall => "roll_call",
        /// By the trainee, entering the code the instructor showed.
        CheckIn => "check_in",
    }
);
