from django.urls import path

from portal.sections import coming_soon

app_name = "pensions"
urlpatterns = [
    path("service-credit/", coming_soon("Service credit", "See your service credit, wages and contributions by "
                                        "fiscal year, to the cent, and download your record."), name="service_credit"),
    path("estimates/", coming_soon("Estimates", "Run and save up to four pension estimates from your own record, "
                                   "and compare them side by side."), name="estimates"),
    path("beneficiaries/", coming_soon("Beneficiaries", "Name your survivor pension beneficiary and your refund "
                                       "beneficiaries."), name="beneficiaries"),
]
