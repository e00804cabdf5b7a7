"""URLs: signing in, the returns pages and the scorecard pages; errors in the same design."""

from django.urls import include, path

from scorecard.web.accounts.urls import single_sign_on

urlpatterns = [
    path("", include("scorecard.web.accounts.urls")),
    *single_sign_on,
    path("", include("scorecard.web.returns.urls")),
    path("", include("scorecard.web.releases.urls")),
    path("", include("scorecard.web.api.urls")),
    path("", include("scorecard.web.dashboard.urls")),
]

handler400 = "scorecard.web.dashboard.views.bad_request"
handler404 = "scorecard.web.dashboard.views.not_found"
handler500 = "scorecard.web.dashboard.views.server_error"
