"""Static files: GOV.UK Frontend and the product's own styles, served by WhiteNoise."""

from scorecard.web.settings import environment

STATIC_URL = "/static/"

if environment.production():
    STATIC_ROOT = environment.data_dir() / "static"
    # hashed, compressed copies made by `scorecard collectstatic` (docs/deployment.md)
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    # served straight from the apps' static folders, with no collecting step
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = environment.debug()
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
