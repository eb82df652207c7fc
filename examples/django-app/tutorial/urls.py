from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("session/set/", views.set_session),
    path("session/get/", views.get_session),
    path("cookie/set/", views.set_cookie),
    path("cookie/get/", views.get_cookie),
    path("accounts/login/", auth_views.LoginView.as_view()),
    path("accounts/logout/", auth_views.LogoutView.as_view()),
]
