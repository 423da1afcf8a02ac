from django.urls import path

from kesu.quiz.bank import views as v

# question banks and questions
urlpatterns = [
    path("banks/", v.bank_list, name="banks"),
    path("banks/new/", v.bank_create, name="bank_create"),
    path("banks/starter/", v.bank_starter, name="bank_starter"),
    path("banks/template.xlsx", v.bank_template, name="bank_template"),
    path("banks/<int:pk>/", v.bank_detail, name="bank_detail"),
    path("banks/<int:pk>/edit/", v.bank_edit, name="bank_edit"),
    path("banks/<int:pk>/import/", v.bank_import, name="bank_import"),
    path("banks/<int:pk>/export.xlsx", v.bank_export, name="bank_export"),
    path("banks/<int:pk>/questions/new/", v.question_create, name="question_create"),
    path("questions/<int:pk>/", v.question_detail, name="question_detail"),
    path("questions/<int:pk>/edit/", v.question_edit, name="question_edit"),
    path("questions/<int:pk>/retire/", v.question_retire, name="question_retire"),
]
