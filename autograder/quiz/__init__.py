"""The quiz engine: a bilingual YAML bank, its schema, variants, grading and exports.

Layout, one job per module:

- ``yaml_source``: the quiz's names for the package's YAML reader (``autograder.yamlfile``:
  YAML 1.2 booleans and floats, the line of every node, so errors name file, item and line).
- ``schema``: the pydantic models of sections and items.
- ``bank``: loads every bank file listed in ``course.yaml`` and validates it.
- ``generators``: parametrised items, computed with the reference solutions.
- ``variants``: turns an item and a seed into a concrete question.
- ``scoring``: standard-library scoring rules (also embedded in the quiz notebook).
- ``grading``: answers file in, report (JSON-able) out.
- ``take``, ``export_moodle``, ``export_qti``, ``export_notebook``: front ends.
"""
