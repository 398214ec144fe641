"""``{{ course.ce_hours|ce_hours }}``: approved CE hours printed exactly as the certificate
prints them (4.25 stays 4.25; 3.5 is 3.5), never rounded to one decimal."""

from django import template

from courses.certificates import format_hours

register = template.Library()


@register.filter
def ce_hours(value) -> str:
    return format_hours(value) if value is not None else ""
