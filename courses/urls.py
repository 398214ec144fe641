from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("learning/enrol/<int:course_id>/", views.enrol, name="enrol"),
    path("learning/visit/<int:module_id>/", views.visit, name="visit"),
    path("learning/evaluation/<int:course_id>/", views.evaluation, name="evaluation"),
    path("certificates/", views.my_certificates, name="my_certificates"),
    path("certificates/transcript/", views.transcript, name="transcript"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>.pdf", views.certificate_download, name="certificate_download"),
]
