"""Exercise notebooks: the bilingual sources, the builder and the nbgrader integration.

- ``source``: the schema of ``solutions/source/<notebook>.yaml`` (one file per module,
  both languages side by side).
- ``build``: source + language -> the instructor notebook with nbgrader metadata.
- ``release``: instructor notebooks -> student notebooks through ``nbgrader generate_assignment``.
- ``course_dir``: scaffold a ready nbgrader course directory.
- ``autograde``: the nbgrader preprocessor that scores with the course engine.
"""
