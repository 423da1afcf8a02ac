from django.urls import path

from kesu.quiz.attempts import views

# the member's pages: my quizzes, start or resume, answer, result
urlpatterns = [
    path("my/", views.my, name="my"),
    path("papers/<int:pk>/take/", views.take, name="take"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempts/<int:pk>/save/", views.attempt_save, name="attempt_save"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", views.attempt_result, name="attempt_result"),
]
