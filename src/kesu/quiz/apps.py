from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "kesu.quiz"
    label = "quiz"
    verbose_name = "题库与答题"
