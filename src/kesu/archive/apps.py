from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "kesu.archive"
    label = "archive"
    verbose_name = "科学素质档案"

    def ready(self) -> None:
        from kesu.archive.demo import archive_demo
        from kesu.demo.services import register_demo_step

        register_demo_step("archive", archive_demo)
