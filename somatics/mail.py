"""
Email on a laptop (DEBUG, no EMAIL_HOST): each email is saved whole as a text file in
`sent-emails/` and announced in the log in a few lines with its links, so the link that
confirms a reader's address is easy to find and to click, and is never broken across lines as
the console backend's quoted-printable text breaks it.
"""

import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.text import slugify

logger = logging.getLogger("somatics.mail")
LINK = re.compile(r"https?://[^\s<>\"]+")


class DevelopmentEmailBackend(BaseEmailBackend):
    """Saves each email to EMAIL_FILE_PATH and logs who it is for, its subject and its links."""

    def send_messages(self, email_messages) -> int:
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            path = folder / f"{stamp}-{slugify(message.subject)[:50] or 'email'}.txt"
            headers = [
                f"From: {message.from_email}",
                f"To: {', '.join(message.to)}",
                f"Subject: {message.subject}",
            ]
            path.write_text("\n".join(headers) + "\n\n" + message.body + "\n", encoding="utf-8")
            links = "".join(f"\n    {link}" for link in dict.fromkeys(LINK.findall(message.body)))
            logger.info(
                "Email to %s: “%s”, saved in %s%s",
                ", ".join(message.to),
                message.subject,
                path,
                links,
            )
        return len(email_messages)
