"""The rules for a new person's user name, full name and email address, shared by the People page
(accounts.forms) and `scorecard users add` (cli.users), and enforced again by
accounts.services.add_person (docs/collection.md). Each check says what is wrong, or "".

The lengths are the store's: Django's user name, first and last names hold 150 characters and
an email address 254, so nothing longer reaches the database (PostgreSQL refuses it there)."""

from __future__ import annotations

import unicodedata

from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from scorecard.domain.signoff import Role
from scorecard.web.accounts.models import PlanRole

USERNAME_LENGTH = 150
NAME_LENGTH = 150
EMAIL_LENGTH = 254
REASON_LENGTH = 500

ROLE_WORDS = {
    Role.VIEWER: "a viewer",
    Role.DATA_OWNER: "a data owner",
    Role.APPROVER: "an approver",
    Role.ADMINISTRATOR: "an administrator",
}
USERNAME_RULE = (
    f"A user name has at most {USERNAME_LENGTH} letters, digits and the characters @ . + - _"
)


def tidy_name(name: str) -> str:
    """A full name as stored: runs of spaces, tabs and line breaks become one space."""
    return " ".join(name.split())


def username_problem(username: str) -> str:
    """What is wrong with a new user name's form (whether it is taken: `username_taken`)."""
    if not username:
        return "Enter a user name for the new person"
    if len(username) > USERNAME_LENGTH or not _valid_username(username):
        return USERNAME_RULE
    return ""


def username_taken(username: str) -> bool:
    return User.objects.filter(username=username).exists()


def name_problem(name: str) -> str:
    """What is wrong with a full name (give it tidied: `tidy_name`)."""
    if not name:
        return "Enter the person's full name"
    if len(name) > NAME_LENGTH:
        return f"Enter the full name in {NAME_LENGTH} characters or fewer"
    if any(unicodedata.category(c) == "Cc" for c in name):
        return "Enter the full name without control characters"
    return ""


def email_problem(email: str) -> str:
    """What is wrong with an email address's form (whether someone has it: `email_holder`)."""
    if not email:
        return "Enter the person's work email address"
    if len(email) > EMAIL_LENGTH:
        return f"Enter an email address of {EMAIL_LENGTH} characters or fewer"
    try:
        validate_email(email)
    except ValidationError:
        return "Enter an email address in the right form, like name@example.org"
    return ""


def email_holder(email: str) -> str:
    """The user name of someone who already has this email address, in any case, or "":
    single sign-on matches people by it, so two people must never share one."""
    holder = User.objects.filter(email__iexact=email).first()
    return holder.get_username() if holder is not None else ""


def new_person_problems(username: str, name: str, email: str) -> dict[str, str]:
    """Every problem with a new person, by what is wrong ("username", "name", "email"), in words
    that do not depend on where they were entered."""
    problems = {}
    username_words = username_problem(username)
    if username_words:
        problems["username"] = username_words
    elif username_taken(username):
        problems["username"] = f'There is already a person with the user name "{username}"'
    name_words = name_problem(name)
    if name_words:
        problems["name"] = name_words
    email_words = email_problem(email)
    if email_words:
        problems["email"] = email_words
    else:
        holder = email_holder(email)
        if holder:
            problems["email"] = (
                f'{holder} already has the email address "{email}" '
                "(single sign-on matches people by it)"
            )
    return problems


def changes_nothing(
    held: PlanRole | None, role: Role, metrics: tuple[str, ...], organisation: str
) -> bool:
    """Whether giving this role would change nothing: the person holds it already (giving a data
    owner the role again changes their metrics or organisation, so only the same ones do)."""
    if held is None:
        return False
    if role is not Role.DATA_OWNER:
        return True
    return sorted(held.metrics) == sorted(set(metrics)) and held.organisation == organisation


def _valid_username(username: str) -> bool:
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return False
    return True
