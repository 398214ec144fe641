"""Print each published course's CE figures, module by module, as ``content/README.md``
explains them: words and reading minutes, quiz minutes, the minutes a module should state,
and the disagreements the course page's CE panel shows."""

from django.core.management.base import BaseCommand

from courses.estimates import WORDS_PER_MINUTE
from courses.models import CoursePage
from quizzes.estimates import quiz_minutes
from quizzes.models import QuizPage


class Command(BaseCommand):
    help = "Report the CE hours each course's published content supports, module by module."

    def add_arguments(self, parser):
        parser.add_argument("--course", help="slug of one course (default: every course)")

    def handle(self, *args, **options):
        courses = CoursePage.objects.live().order_by("path")
        if options["course"]:
            courses = courses.filter(slug=options["course"])
        for course in courses:
            self.report(course)

    def report(self, course):
        out = self.stdout.write
        out(f"{course.title} ({course.slug}): approved {course.ce_hours} CEs")
        out(f"  {'module':<32} {'words':>6} {'read':>5} {'quiz':>5} {'needs':>6} {'states':>6}")
        for module in course.modules():
            module = type(module).objects.get(pk=module.pk)  # the listing omits the body
            quizzes = QuizPage.objects.live().child_of(module).only("questions")
            quiz = sum(quiz_minutes(q) for q in quizzes)
            reading = module.word_count / WORDS_PER_MINUTE
            needs = 5 * round((reading + float(quiz)) / 5)
            out(
                f"  {module.slug[:32]:<32} {module.word_count:>6} {reading:>5.0f} {quiz:>5}"
                f" {needs:>6} {module.estimated_minutes:>6}"
            )
        estimate = course.ce_estimate()
        out(
            f"  final assessment: {estimate.final_minutes} min. Stated {estimate.stated_minutes}"
            f" min ({estimate.stated_hours} CEs); content {estimate.content_minutes} min"
            f" ({estimate.hours} CEs); minimum study {estimate.study_minutes} min."
        )
        problems = estimate.disagreements(course.ce_hours)
        for problem in problems:
            out(self.style.WARNING(f"  ! {problem}"))
        if not problems:
            out(self.style.SUCCESS("  The approved hours agree with the minutes and the content."))
