"""Place names as texts write them: their forms in every script and inflection (gazetteer), finding
and masking them in a text (masking), and which names a timeline entry withholds (withheld).

A leaf package: it uses no model at run time, so the models, the projection and the workflow can
all use it without import cycles.
"""
