from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "kesu.submissions"
    label = "submissions"
    verbose_name = "信息报送"

    def ready(self) -> None:
        # After plans and evaluations (INSTALLED_APPS order): reports read every module's data.
        from kesu.submissions import demo  # noqa: F401
