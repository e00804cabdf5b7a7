"""Core Django settings: apps, middleware, templates, keys."""

from scorecard.web.settings import environment

SECRET_KEY = environment.secret_key()
DEBUG = environment.debug()
ALLOWED_HOSTS = environment.allowed_hosts()

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "scorecard.web.catalogue",
    "scorecard.web.figures",
    "scorecard.web.computations",
    "scorecard.web.accounts",
    "scorecard.web.returns",
    "scorecard.web.releases",
    "scorecard.web.api",
    "scorecard.web.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "scorecard.web.middleware.SecurityHeadersMiddleware",
    "scorecard.web.middleware.SessionMiddleware",  # Django's, with one exception
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "scorecard.web.middleware.PrivatePagesMiddleware",
    "scorecard.web.middleware.RefuseNulMiddleware",
    "scorecard.web.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "scorecard.web.urls"
WSGI_APPLICATION = "scorecard.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
            ],
        },
    }
]

# Signing in (docs/collection.md): a session ends after two hours without a request, or when
# the browser closes; repeated failed sign-ins are refused for a while.
LOGIN_URL = "accounts:sign-in"
CSRF_FAILURE_VIEW = "scorecard.web.accounts.views.csrf_failure"
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SIGN_IN_WINDOW_MINUTES = 15
SIGN_IN_FAILURES_PER_NAME = 5
SIGN_IN_FAILURES_PER_ADDRESS = 20
# Served through the TLS proxy (docs/deployment.md): failures are counted by the client's
# address from the proxy's X-Forwarded-For, not by the proxy's own address.
SIGN_IN_BEHIND_PROXY = environment.tls()
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Today, for the return calendar; tests fix it (None: the real date in TIME_ZONE).
RETURNS_TODAY = None
# Reminders (docs/collection.md): a return due within this many working days gets a reminder;
# an overdue one gets a notice, again every week while it stays overdue.
REMINDER_WORKING_DAYS = 3
OVERDUE_REPEAT_DAYS = 7
SITE_URL = environment.site_url()

# Single sign-on through OpenID Connect, when SCORECARD_OIDC_DISCOVERY_URL is set
# (scorecard.web.accounts.oidc; docs/collection.md).
_single_sign_on = environment.oidc()
OIDC_DISCOVERY_URL = _single_sign_on["OIDC_DISCOVERY_URL"]
OIDC_RP_CLIENT_ID = _single_sign_on["OIDC_RP_CLIENT_ID"]
OIDC_RP_CLIENT_SECRET = _single_sign_on["OIDC_RP_CLIENT_SECRET"]
OIDC_PROVIDER_NAME = _single_sign_on["OIDC_PROVIDER_NAME"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "scorecard.web.accounts.oidc.SingleSignOnBackend",
]
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False
LOGIN_REDIRECT_URL = "/"
globals().update(environment.email())

USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "scorecard",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
