from django.urls import path

from scorecard.web.accounts import oidc, people, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("stay-signed-in/", views.stay_signed_in, name="stay-signed-in"),
    path("session-time-left/", views.session_time_left, name="session-time-left"),
    path("plans/<slug:plan_id>/people/", people.people, name="people"),
    path("plans/<slug:plan_id>/people/remove/", people.remove, name="remove-role"),
]
# Single sign-on; the names are those mozilla-django-oidc reverses.
single_sign_on = [
    path("oidc/authenticate/", oidc.SignInWithProvider.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.ProviderCallback.as_view(), name="oidc_authentication_callback"),
]
