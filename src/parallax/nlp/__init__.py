"""Article -> annotated Article: one stage per module, run in order by ``pipeline``."""
