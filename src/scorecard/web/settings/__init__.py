"""Django settings, split by concern and read from environment variables (see environment.py)."""

from scorecard.web.settings.base import *  # noqa: F403
from scorecard.web.settings.database import *  # noqa: F403
from scorecard.web.settings.logging import *  # noqa: F403
from scorecard.web.settings.security import *  # noqa: F403
from scorecard.web.settings.static import *  # noqa: F403
