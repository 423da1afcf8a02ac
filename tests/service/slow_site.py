"""Settings for a real `kesu serve` under test: kesu's, with a page that answers slowly (a
request still in flight when the service is told to stop; see slow_urls)."""

from kesu.settings import *  # noqa: F403

ROOT_URLCONF = "tests.service.slow_urls"
