from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "kesu.training"
    label = "training"
    verbose_name = "培训"

    def ready(self) -> None:
        from kesu.demo.services import register_demo_step
        from kesu.training.demo import training_demo

        register_demo_step("training", training_demo)
