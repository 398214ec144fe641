from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("learning/enrol/<int:course_id>/", views.enrol, name="enrol"),
    path("learning/complete/<int:module_id>/", views.complete, name="complete"),
]
