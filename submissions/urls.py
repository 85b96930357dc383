from django.urls import path

from . import tus, views

app_name = "submissions"
urlpatterns = [
    path("submit/", views.submit_view, name="submit"),
    path("submit/uploads/", tus.uploads, name="uploads"),
    path("submit/uploads/<uuid:upload_id>/", tus.upload, name="upload"),
    path("submissions/", views.my_submissions, name="list"),
    path("submissions/<int:pk>/", views.detail, name="detail"),
    path("submissions/<int:pk>/sent/", views.sent, name="sent"),
    path("submissions/<int:pk>/edit/", views.edit, name="edit"),
    path("submissions/<int:pk>/withdraw/", views.withdraw_view, name="withdraw"),
    path("submissions/<int:pk>/undo-withdraw/", views.undo_withdraw_view, name="undo_withdraw"),
    path("submissions/<int:pk>/video/", views.video, name="video"),
]
