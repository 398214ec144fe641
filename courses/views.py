from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    """The learner's home: their courses and where to resume (empty until they enrol)."""
    return render(request, "courses/dashboard.html", {"enrolments": []})
