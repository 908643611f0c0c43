"""The providers' questionnaire behind their personal link, mounted at /befragung/ (no account,
outside the language prefix: the language follows the browser or the switch on the page)."""

from django.urls import path

from wegweiser.surveys.views import questionnaire

app_name = "survey_questionnaire"

urlpatterns = [
    path("<str:token>/", questionnaire.overview, name="overview"),
    path("<str:token>/angebote/<uuid:uuid>/", questionnaire.offer_detail, name="offer"),
    path(
        "<str:token>/angebote/<uuid:uuid>/bestaetigen/",
        questionnaire.offer_confirm,
        name="offer_confirm",
    ),
    path(
        "<str:token>/angebote/<uuid:uuid>/aendern/",
        questionnaire.offer_change,
        name="offer_change",
    ),
    path("<str:token>/angebote/<uuid:uuid>/beenden/", questionnaire.offer_end, name="offer_end"),
    path("<str:token>/neu/", questionnaire.new_offer, name="new_offer"),
    path("<str:token>/neu/<int:answer_pk>/", questionnaire.new_offer, name="new_offer_edit"),
    path(
        "<str:token>/antworten/<int:answer_pk>/zuruecknehmen/",
        questionnaire.answer_withdraw,
        name="answer_withdraw",
    ),
    path("<str:token>/absenden/", questionnaire.submit, name="submit"),
]
