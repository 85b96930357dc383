from django.urls import path

from . import views

app_name = "routines"
urlpatterns = [
    path("", views.routine_list, name="list"),
    path("<slug:slug>/", views.routine_detail, name="detail"),
    path("<slug:slug>/chapters.vtt", views.chapters, name="chapters"),
]
