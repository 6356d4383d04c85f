"""The nine protected characteristics of the Equality Act 2010, as questions with their answers.
Every question offers "Prefer not to say". Labels go through gettext so a Welsh council can
translate them. The ethnic groups are the Office for National Statistics' 2021 census categories
for England and Wales; reports group them by their heading (`ETHNIC_GROUP_HEADINGS`)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PREFER_NOT_TO_SAY = "prefer_not_to_say"
_PREFER = (PREFER_NOT_TO_SAY, _("Prefer not to say"))


@dataclass(frozen=True)
class Characteristic:
    field: str  # the model field holding the answer
    name: str  # the characteristic, as reports title it
    question: str
    choices: tuple[tuple[str, str], ...]
    hint: str = ""


AGE_GROUP = (
    ("under_18", _("Under 18")),
    ("18_24", _("18 to 24")),
    ("25_34", _("25 to 34")),
    ("35_44", _("35 to 44")),
    ("45_54", _("45 to 54")),
    ("55_64", _("55 to 64")),
    ("65_74", _("65 to 74")),
    ("75_over", _("75 or over")),
    _PREFER,
)
YES_NO = (("yes", _("Yes")), ("no", _("No")), _PREFER)
MARRIAGE = (
    ("single", _("Never married and never registered a civil partnership")),
    ("married", _("Married")),
    ("civil_partnership", _("In a registered civil partnership")),
    ("separated", _("Separated, but still legally married or in a civil partnership")),
    ("divorced", _("Divorced or civil partnership dissolved")),
    ("widowed", _("Widowed or surviving partner from a civil partnership")),
    _PREFER,
)
ETHNIC_GROUP = (
    ("asian_indian", _("Asian or Asian British: Indian")),
    ("asian_pakistani", _("Asian or Asian British: Pakistani")),
    ("asian_bangladeshi", _("Asian or Asian British: Bangladeshi")),
    ("asian_chinese", _("Asian or Asian British: Chinese")),
    ("asian_other", _("Asian or Asian British: any other Asian background")),
    ("black_african", _("Black, Black British, Caribbean or African: African")),
    ("black_caribbean", _("Black, Black British, Caribbean or African: Caribbean")),
    ("black_other", _("Black, Black British, Caribbean or African: any other background")),
    (
        "mixed_white_black_caribbean",
        _("Mixed or multiple ethnic groups: White and Black Caribbean"),
    ),
    ("mixed_white_black_african", _("Mixed or multiple ethnic groups: White and Black African")),
    ("mixed_white_asian", _("Mixed or multiple ethnic groups: White and Asian")),
    ("mixed_other", _("Mixed or multiple ethnic groups: any other background")),
    ("white_british", _("White: English, Welsh, Scottish, Northern Irish or British")),
    ("white_irish", _("White: Irish")),
    ("white_gypsy_traveller", _("White: Gypsy or Irish Traveller")),
    ("white_roma", _("White: Roma")),
    ("white_other", _("White: any other White background")),
    ("other_arab", _("Other ethnic group: Arab")),
    ("other_any", _("Other ethnic group: any other ethnic group")),
    _PREFER,
)
# Reports count ethnic groups by the census heading: single categories are too small to publish.
ETHNIC_GROUP_HEADINGS = (
    ("asian", _("Asian or Asian British")),
    ("black", _("Black, Black British, Caribbean or African")),
    ("mixed", _("Mixed or multiple ethnic groups")),
    ("white", _("White")),
    ("other", _("Other ethnic group")),
    _PREFER,
)
RELIGION = (
    ("none", _("No religion")),
    ("christian", _("Christian")),
    ("buddhist", _("Buddhist")),
    ("hindu", _("Hindu")),
    ("jewish", _("Jewish")),
    ("muslim", _("Muslim")),
    ("sikh", _("Sikh")),
    ("other", _("Any other religion or belief")),
    _PREFER,
)
SEX = (("female", _("Female")), ("male", _("Male")), _PREFER)
SEXUAL_ORIENTATION = (
    ("straight", _("Straight or heterosexual")),
    ("gay_lesbian", _("Gay or lesbian")),
    ("bisexual", _("Bisexual")),
    ("other", _("Other sexual orientation")),
    _PREFER,
)

CHARACTERISTICS = (
    Characteristic("age_group", _("Age"), _("What is your age?"), AGE_GROUP),
    Characteristic(
        "disability",
        _("Disability"),
        _("Do you consider yourself to have a disability?"),
        YES_NO,
        _(
            "The Equality Act 2010 says a disability is a physical or mental impairment with a "
            "substantial and long-term effect on your ability to do normal daily activities."
        ),
    ),
    Characteristic(
        "gender_reassignment",
        _("Gender reassignment"),
        _("Is the gender you identify with the same as your sex registered at birth?"),
        YES_NO,
    ),
    Characteristic(
        "marriage",
        _("Marriage and civil partnership"),
        _("What is your legal marital or registered civil partnership status?"),
        MARRIAGE,
    ),
    Characteristic(
        "pregnancy",
        _("Pregnancy and maternity"),
        _("Are you pregnant, or have you given birth in the last 26 weeks?"),
        YES_NO,
    ),
    Characteristic(
        "ethnic_group", _("Ethnic group"), _("What is your ethnic group?"), ETHNIC_GROUP
    ),
    Characteristic(
        "religion", _("Religion or belief"), _("What is your religion or belief?"), RELIGION
    ),
    Characteristic("sex", _("Sex"), _("What is your sex?"), SEX),
    Characteristic(
        "sexual_orientation",
        _("Sexual orientation"),
        _("Which of the following best describes your sexual orientation?"),
        SEXUAL_ORIENTATION,
    ),
)
FIELDS = tuple(characteristic.field for characteristic in CHARACTERISTICS)
BY_FIELD = {characteristic.field: characteristic for characteristic in CHARACTERISTICS}


def ethnic_heading(value: str) -> str:
    """The census heading an ethnic group answer belongs to ("white_irish" -> "white")."""
    return value if value == PREFER_NOT_TO_SAY else value.split("_", 1)[0]


def report_categories(field: str) -> tuple[tuple[str, str], ...]:
    """The rows a report shows for a characteristic."""
    if field == "ethnic_group":
        return ETHNIC_GROUP_HEADINGS
    return BY_FIELD[field].choices
