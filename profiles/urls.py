from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.profile_index, name="index"),
    path("<slug:slug>/", views.profile_detail, name="detail"),
]
