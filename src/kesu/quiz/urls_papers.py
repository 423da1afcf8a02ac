urlpatterns: list = []  # papers, attempts and the member pages
