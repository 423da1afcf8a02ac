from django.urls import include, path

from kesu.quiz import views

app_name = "quiz"
# Question banks (urls_bank) and papers/attempts (urls_papers) are separate concepts.
urlpatterns = [
    path("", views.index, name="index"),
    path("", include("kesu.quiz.urls_bank")),
    path("", include("kesu.quiz.urls_papers")),
]
