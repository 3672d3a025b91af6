"""Narrative extraction: entities, posts, places and statistics from prose.

Year-in-review features and newspaper pages name the areas, units, people,
projects, programmes and headline figures of local government in running
text.  This package reads them with a spaCy pipeline of rule components (see
:mod:`sources.narrative.nlp`) built on general vocabulary only
(``data/``, the national division list, jieba's dictionary), and registers

- the ``narrative`` extractor (:mod:`sources.narrative.extractor`), and
- the ``task_references`` linker (:mod:`sources.narrative.tasklinks`): areas,
  projects and quotas named in a task's own text.
"""

from sources.narrative import extractor, tasklinks

__all__ = ["extractor", "tasklinks"]
