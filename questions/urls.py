from django.urls import path

from . import views

app_name = "questions"
urlpatterns = [
    path("routines/<slug:slug>/ask/", views.ask, name="ask"),
    path("questions/check/", views.check, name="check"),
    path("questions/mine/", views.mine, name="mine"),
    path("questions/<int:pk>/", views.detail, name="detail"),
    path("questions/<int:pk>/delete/", views.delete, name="delete"),
    path("questions/<int:pk>/report/", views.report, name="report"),
    path("answers/<int:pk>/delete/", views.delete_answer, name="delete_answer"),
    path("answers/<int:pk>/report/", views.report_answer, name="report_answer"),
    path("questions/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("see-a-professional/", views.professional, name="professional"),
]
