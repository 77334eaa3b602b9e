from django.urls import path

from portal.sections import coming_soon

app_name = "insurance"
urlpatterns = [
    path("insurance/", coming_soon("Insurance", "Enrol in retiree health, dental and vision insurance, add "
                                   "dependents and see when coverage begins."), name="overview"),
]
