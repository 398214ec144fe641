"""The user model. Email is the login; the legal name is what certificates print.

A custom model from the first migration (Django's advice) because the product needs fields a
licensing board asks for: legal name, profession, licence number and state.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from localflavor.us.models import USStateField


class Profession(models.TextChoices):
    MASSAGE_THERAPIST = "massage_therapist", "Massage therapist"
    ESTHETICIAN = "esthetician", "Esthetician"
    OTHER = "other", "Other"


class EmailUserManager(UserManager):
    """``UserManager`` without a username: email is the identifier."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("email address", unique=True)
    legal_name = models.CharField(
        "legal name",
        max_length=200,
        help_text="Your full name exactly as it appears on your licence. "
        "It is printed on your certificates.",
    )
    profession = models.CharField(
        max_length=32, choices=Profession.choices, default=Profession.MASSAGE_THERAPIST
    )
    licence_number = models.CharField("license number", max_length=64, blank=True)
    licence_state = USStateField("license state", blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"

    def __str__(self):
        return self.legal_name or self.email

    def get_full_name(self):
        return self.legal_name or self.email

    def get_short_name(self):
        return self.legal_name.split(" ")[0] if self.legal_name else self.email
