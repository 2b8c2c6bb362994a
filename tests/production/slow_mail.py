"""An email backend for the worker-killed test: it takes its time, then files each message."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    """Waits SLOW_MAIL_SECONDS (the mail server thinking), then writes one file per message in
    SLOW_MAIL_DIR: a worker killed while it waits has sent nothing."""

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        outbox = Path(os.environ["SLOW_MAIL_DIR"])
        for message in email_messages:
            (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
