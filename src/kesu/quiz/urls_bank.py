urlpatterns: list = []  # question banks and questions
