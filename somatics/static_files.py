"""
The site's static files storage: whitenoise's (compressed copies, hashed names cached for a
year), with Django's rewriting of JavaScript module imports turned on.

Practice mode is a few ES modules, loaded without a build step: `import … from
'./practice/timers.js'`. Without the rewriting, the hashed entry module would import the
unhashed modules, which are cached only briefly and could pair a new entry with an old module
for a while after a release; with it, each import names the hashed file it was built with.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
