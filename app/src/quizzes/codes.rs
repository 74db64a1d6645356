//! The quiz codes, as types (stored as strings and checked by the database, migration 0026).

code_enum!(
    /// What kind of answer a question takes.
    QuestionKind {
        /// One option is right.
        Single => "single",
        /// Several options may be right; partial credit.
        Multiple => "multiple",
        /// True or false.
        TrueFalse => "true_false",
        /// A number, within a tolerance.
        Numeric => "numeric",
        /// A few words, from a list of accepted answers.
        ShortText => "short_text",
        /// Free text, graded by an instructor.
        Essay => "essay",
    }
);

impl QuestionKind {
    /// Whether the trainee picks among options.
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multiple)
    }
}

code_enum!(
    /// What a quiz is for.
    QuizRole {
        /// Practice within a unit.
        Practice => "practice",
        /// Taken before studying, to measure the knowledge gain.
        PreTest => "pre_test",
        /// Taken at the end, compared with the pre-test.
        PostTest => "post_test",
    }
);

code_enum!(
    /// Which of a trainee's attempts counts for a quiz.
    Counted {
        /// The best score (the default).
        Best => "best",
        /// The last attempt's.
        Last => "last",
        /// The average, rounded down to the hundredth.
        Average => "average",
    }
);

code_enum!(
    /// When a trainee sees each question's result and feedback (the score is always shown once
    /// graded).
    FeedbackTiming {
        /// As soon as the attempt is submitted.
        AfterAttempt => "after_attempt",
        /// Once the quiz has closed for the offering.
        AfterClose => "after_close",
        /// Never: the score only.
        Never => "never",
    }
);

code_enum!(
    /// Who submitted an attempt.
    SubmittedHow {
        /// The trainee.
        Trainee => "trainee",
        /// The server, at the deadline (the trainee's answers saved by then).
        Deadline => "deadline",
    }
);

code_enum!(
    /// Why a grade was given or changed.
    GradeReason {
        /// An instructor graded an essay (or changed that grade).
        Essay => "essay",
        /// A corrected answer key was applied to past attempts.
        Regrade => "regrade",
    }
);
