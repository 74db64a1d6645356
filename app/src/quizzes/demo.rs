//! Demo quizzes: loaded by `seed-demo` from `data/demo-quizzes.json`, in the API's own shapes.
