"""Names, places and customers of the fictional Example District. Pure: an `rng` in, values out."""

import random
from datetime import date

# Given names by the titles that go with them, so no "Mr Olivia" or "Mrs Gareth".
WOMEN = (  # noqa: SIM905 - a paragraph of names reads better than a list
    "Olivia Amelia Isla Ava Mia Grace Sophia Emily Freya Poppy Ella Lily Evie Ruby Chloe "
    "Margaret Susan Janet Patricia Linda Karen Deborah Joanne Priya Aisha Fatima Zainab Nadia "
    "Siobhan Bronwen Agnieszka"
).split()
MEN = (  # noqa: SIM905
    "Oliver George Harry Noah Jack Leo Arthur Oscar Jacob Thomas William James David Michael "
    "Peter Paul Stephen Gareth Rhys Callum Mohammed Imran Tariq Ravi Sanjay Kwame Tunde Tomasz "
    "Declan Ewan Derek Colin Barry Keith"
).split()
EITHER = ("Charlie", "Alex", "Sam", "Jordan")  # given to anyone; Mx or no title fits best
FIRST_NAMES = (*WOMEN, *MEN, *EITHER)
# Titles and how often each is chosen; "" is a customer who gave no title.
TITLES_FOR = {
    "woman": {"Mrs": 35, "Ms": 30, "Miss": 15, "Dr": 5, "": 15},
    "man": {"Mr": 82, "Dr": 5, "": 13},
    "either": {"Mx": 40, "": 60},
}
LAST_NAMES = (  # noqa: SIM905
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Hussain Begum Ali Ahmed "
    "Singh Kaur Murphy O'Brien Kelly Campbell Stewart Morgan Hughes Edwards Lewis Price "
    "Griffiths Turner Cooper Hill Ward Morris Moore Clark Baker Harris Martin Cook Kowalski "
    "Nowak Okafor Mensah Adeyemi Chen Nguyen Fletcher Barnes Pearson Holmes Shaw Lloyd"
).split()


def title_for(rng: random.Random, first_name: str) -> str:
    """A title that goes with the given name (TITLES_FOR)."""
    group = "woman" if first_name in WOMEN else "man" if first_name in MEN else "either"
    titles = TITLES_FOR[group]
    return rng.choices(list(titles), weights=list(titles.values()))[0]


STREETS = [
    "Acacia Avenue",
    "Albert Road",
    "Beech Grove",
    "Brook Street",
    "Castle Lane",
    "Chapel Street",
    "Church Walk",
    "Coronation Road",
    "Elm Close",
    "Fairfield Drive",
    "Forge Lane",
    "Glebe Road",
    "Granary Court",
    "Hawthorn Way",
    "High Street",
    "Jubilee Terrace",
    "Kingsway",
    "Larch Crescent",
    "Mill Lane",
    "Meadow View",
    "Nelson Street",
    "Orchard Rise",
    "Park Road",
    "Queen's Parade",
    "Railway Cottages",
    "Riverside Walk",
    "St Mary's Close",
    "Station Road",
    "Tannery Row",
    "Victoria Street",
    "Wharf Road",
    "Willow Bank",
    "Windmill Hill",
    "York Place",
]
TOWNS = ["Exampletown", "Little Sampling", "Testbury", "Upper Mockford", "Fixture Green"]
PARKS = [
    "Memorial Park",
    "Riverside Park",
    "the Rec on Mill Lane",
    "Jubilee Gardens",
    "Brook Fields",
]
CENTRES = ["Exampletown Leisure Centre", "Testbury Pool", "Mockford Sports Hall"]
CAR_PARKS = ["the Station Road car park", "the Market Square car park", "Riverside car park"]
BINS = ["general waste", "recycling", "garden waste", "food waste"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October"]
STAFF = [
    "Janice on reception",
    "Mr Patel",
    "Karen from the repairs team",
    "Dave",
    "the officer called Sam",
    "Ms Okafor",
    "Lucy",
]
ACCESSIBILITY = [
    "Partially sighted: needs large print (16pt or more) and a phone call before letters.",
    "Deaf: prefers email or text; a BSL interpreter for meetings.",
    "Dyslexic: short letters in plain English, please.",
    "Uses a wheelchair: ground-floor meeting rooms only.",
    "Anxiety: prefers contact by email, not phone.",
]
LANGUAGES = ["Polish", "Urdu", "Punjabi", "Romanian", "Bengali"]
# Who acts for a customer on a case logged "via a councillor or representative": (kind, name,
# role, ward or constituency, email, address). The members' enquiries are answered to both.
REPRESENTATIVES = [
    (
        "councillor",
        "Cllr Jane Fairweather",
        "Ward councillor",
        "Riverside ward",
        "cllr.fairweather@example-council.gov.uk",
        "Members' Services, Council Offices\nHigh Street\nExampletown\nEX1 1AA",
    ),
    (
        "mp",
        "Daniel Okafor MP",
        "Member of Parliament",
        "Exampletown and Riverside",
        "daniel.okafor.mp@example-parliament.uk",
        "House of Commons\nLondon\nSW1A 0AA",
    ),
    ("family", "Tom Ashby", "Son", "", "tom.ashby@example.net", ""),
    ("advocate", "Citizens Advice Exampletown", "Advocate", "", "advice@example-cab.org.uk", ""),
    (
        "councillor",
        "Cllr Priya Shah",
        "Ward councillor",
        "Northgate ward",
        "cllr.shah@example-council.gov.uk",
        "",
    ),
    ("family", "Sunita Rao", "Daughter", "", "sunita.rao@example.net", ""),
]
RESTRICTION = (
    "Contact restricted after repeated abusive calls: written contact only, to the complaints "
    "manager. Phone calls are not to be taken. Reviewed every six months."
)


def details(rng: random.Random, *, today: date) -> dict[str, str]:
    """Values for the text bank's placeholders."""
    return {
        "street": rng.choice(STREETS),
        "park": rng.choice(PARKS),
        "centre": rng.choice(CENTRES),
        "car_park": rng.choice(CAR_PARKS),
        "bin": rng.choice(BINS),
        "day": rng.choice(DAYS),
        "month": rng.choice(MONTHS),
        "weeks": str(rng.randint(2, 9)),
        "days": str(rng.randint(3, 14)),
        "amount": f"£{rng.choice([25, 48, 60, 70, 95, 110, 130, 160, 212, 340])}.00",
        "account": f"{rng.randint(10000000, 99999999)}",
        "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
        "staff": rng.choice(STAFF),
    }


def fill(template: str, values: dict[str, str]) -> str:
    text = template.format(**values)
    return text[0].upper() + text[1:]


def postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"EX{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def customer_fields(rng: random.Random, number: int) -> dict:
    """A resident's record. Most give an email address; a few need adjustments, have someone
    acting for them, or prefer large print."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email_name = f"{first}.{last}".lower().replace("'", "")
    fields = {
        "title": title_for(rng, first),
        "first_name": first,
        "last_name": last,
        # Unique per customer, so matching by email never merges two residents.
        "email": f"{email_name}{number}@example.com" if rng.random() < 0.85 else "",
        "phone": f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.7 else "",
        "address": f"{rng.randint(1, 180)} {rng.choice(STREETS)}\n{rng.choice(TOWNS)}",
        "postcode": postcode(rng),
    }
    roll = rng.random()
    if roll < 0.06:
        fields["preferred_format"] = "large_print"
        fields["accessibility_needs"] = ACCESSIBILITY[0]
        fields["reasonable_adjustments"] = "Letters in 16pt Arial; phone before sending."
    elif roll < 0.12:
        fields["accessibility_needs"] = rng.choice(ACCESSIBILITY[1:])
        fields["preferred_format"] = (
            "email" if "email" in fields["accessibility_needs"] else "standard"
        )
    elif roll < 0.15:
        fields["preferred_format"] = "other_language"
        fields["preferred_language"] = rng.choice(LANGUAGES)
    if not (fields["email"] or fields["phone"]):
        fields["phone"] = f"01234 5{rng.randint(0, 99999):05d}"
    return fields
