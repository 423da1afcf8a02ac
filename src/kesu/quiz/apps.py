from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "kesu.quiz"
    label = "quiz"
    verbose_name = "题库与答题"

    def ready(self) -> None:
        from kesu.demo.services import register_demo_step
        from kesu.quiz.demo import quiz_bank_demo
        from kesu.quiz.demo_papers import quiz_papers_demo

        register_demo_step("quiz_bank", quiz_bank_demo)  # banks first: papers draw from them
        register_demo_step("quiz_papers", quiz_papers_demo)
