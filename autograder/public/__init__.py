"""Public checks: a few small, friendly checks per graded function.

Same format as the hidden suite (``pytestmark = pytest.mark.grades(fn)``, the
``student`` fixture, failures through ``autograder.checks`` / ``Feedback``),
but learners may read them: tiny inputs whose answers follow from the
definition or from a property. They never import ``solutions`` (a student's
copy may not have it); ``tests/selfstudy`` checks them against the reference.
Test names start with ``test_public_`` so their titles (``test.<fn>.public_*``
in ``autograder/messages/public/``) never clash with the hidden suite's.
"""
