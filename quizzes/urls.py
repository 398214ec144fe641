from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("quizzes/<int:quiz_id>/start/", views.start, name="start"),
    path("quizzes/attempts/<int:attempt_id>/save/", views.save, name="save"),
    path("quizzes/attempts/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("quizzes/attempts/<int:attempt_id>/clear/", views.clear, name="clear"),
]
