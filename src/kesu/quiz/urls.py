from django.urls import include, path

from kesu.quiz.papers import views

app_name = "quiz"
# Question banks, papers and the member's attempts are separate concepts (sub-packages).
urlpatterns = [
    path("", views.index, name="index"),
    path("", include("kesu.quiz.bank.urls")),
    path("", include("kesu.quiz.papers.urls")),
    path("", include("kesu.quiz.attempts.urls")),
]
