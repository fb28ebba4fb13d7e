"""Auto-grader for the Transformer course: isolated grading of student code and quizzes."""

__version__ = "0.1.0"
