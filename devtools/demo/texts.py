"""A bank of plausible things residents tell a district council, by service.

Each entry is (summary, description, outcome wanted). `{placeholders}` are filled from
`devtools.demo.people.details`, so four hundred cases do not read like four templates.
"""

COMPLAINTS: dict[str, list[tuple[str, str, str]]] = {
    "environmental-services": [
        (
            "Bin not collected on {street} for {weeks} weeks",
            "Our {bin} bin on {street} has not been emptied for {weeks} weeks now. I have reported "
            "it online twice and each time got an automatic reply saying it would be collected "
            "within two working days. It is now overflowing and attracting foxes.",
            "Collect the bin this week and tell me why the reports were ignored.",
        ),
        (
            "Crew left rubbish strewn across the pavement",
            "When the crew emptied the bins on {street} on {day} they dropped a lot of rubbish and "
            "left it on the pavement. My neighbour, who uses a wheelchair, could not get past. "
            "This is not the first time it has happened.",
            "Clean the street and make sure the crew take more care.",
        ),
        (
            "Assisted collection stopped without warning",
            "My mother is 87 and has had an assisted collection for years because she cannot pull "
            "the bin to the kerb. Since the new rounds started in {month} the crew have not come "
            "to the door. Her bin has been left full three times.",
            "Restore the assisted collection and confirm it in writing.",
        ),
        (
            "Fly-tipping on {street} reported three times",
            "There has been a pile of mattresses and builders' rubble behind the garages on "
            "{street} for over a month. I reported it on {date} and again since. Children play "
            "there and there is broken glass.",
            "Remove the rubbish and look into who dumped it.",
        ),
        (
            "Charged for garden waste but not collected",
            "I paid {amount} for the garden waste service this year but the brown bin has been "
            "missed on four of the last six collection days. When I rang I was told the lorry "
            "was broken down, but my neighbours' bins were emptied.",
            "A refund for the missed collections or an extension to my subscription.",
        ),
        (
            "Noise complaint not followed up",
            "I reported loud music from a property on {street} most nights after midnight. An "
            "officer said they would install noise monitoring equipment but I have heard nothing "
            "for {weeks} weeks, even though I have kept the diary sheets you sent.",
            "Someone to contact me and tell me what is happening with my noise complaint.",
        ),
        (
            "Dog fouling in {park} never dealt with",
            "The path through {park} is covered in dog mess. The bin there has been broken since "
            "spring and nobody enforces anything. I have raised it with the council twice.",
            "Replace the bin and carry out some patrols.",
        ),
        (
            "Recycling bin taken away by mistake",
            "Your crew took away my blue recycling bin on {day} along with a neighbour's bulky "
            "waste. I have been told a replacement will cost {amount}, which is unfair as it was "
            "your mistake.",
            "A free replacement bin.",
        ),
    ],
    "revenues-and-benefits": [
        (
            "Council tax bill wrong after moving house",
            "I moved out of {street} on {date} and told you the same week, but I have received a "
            "bill for the whole year and now a reminder notice. I have sent my tenancy agreement "
            "twice.",
            "A corrected bill and the reminder withdrawn.",
        ),
        (
            "Single person discount removed without explanation",
            "My single person discount has been taken off my council tax account {account} with "
            "no letter explaining why. I live alone and nothing has changed. My bill has gone up "
            "by {amount}.",
            "Reinstate the discount and backdate it.",
        ),
        (
            "Housing Benefit claim delayed for {weeks} weeks",
            "I made a claim for Housing Benefit {weeks} weeks ago and sent every document asked "
            "for. My landlord is now threatening eviction because of rent arrears. Every time I "
            "ring I am told it is in a queue.",
            "A decision on my claim now.",
        ),
        (
            "Bailiffs instructed without a summons",
            "A letter from enforcement agents arrived about council tax arrears of {amount}. I "
            "never received a summons or a reminder, and I have been paying by direct debit.",
            "Stop the enforcement action and check my payments.",
        ),
        (
            "Direct debit taken twice in one month",
            "Two council tax payments of {amount} were taken from my account this month. This "
            "left me overdrawn and I was charged by my bank.",
            "Refund the extra payment and the bank charge.",
        ),
        (
            "Council Tax Reduction letter impossible to understand",
            "I got a four-page letter about my Council Tax Reduction which uses terms I do not "
            "understand. It does not say how much I have to pay or when. I am partially sighted "
            "and asked for large print last year.",
            "A plain English letter in large print explaining what I owe.",
        ),
        (
            "Rude officer on the phone about arrears",
            "When I rang about my council tax arrears the officer was rude, talked over me and "
            "said I should have budgeted better. I was trying to set up a payment plan.",
            "An apology and a payment plan I can afford.",
        ),
    ],
    "housing": [
        (
            "Damp and mould in my flat not repaired",
            "There is black mould in the bedroom and bathroom of my flat on {street}. My son has "
            "asthma. A surveyor came on {date} and said works would be ordered, but nobody has "
            "been back. It has been {weeks} weeks.",
            "The damp treated properly and a date for the works.",
        ),
        (
            "Boiler broken for {days} days with no heating",
            "Our boiler broke down and we have had no heating or hot water for {days} days. The "
            "repairs line keeps cancelling appointments. We have a baby in the house.",
            "An emergency repair and compensation for the time without heating.",
        ),
        (
            "Repair appointment missed twice",
            "I took two days off work for a repair to the kitchen window and nobody turned up "
            "either time. Nobody rang to say they were not coming.",
            "A fixed appointment and payment for my lost wages.",
        ),
        (
            "Anti-social behaviour from neighbours ignored",
            "I have reported shouting, banging and drug dealing from the flat above mine on "
            "{street} many times. The housing officer said she would visit but nothing has "
            "changed in {weeks} weeks.",
            "Action against the tenants and to be kept informed.",
        ),
        (
            "Leaking roof damaged my belongings",
            "Rain has been coming through the ceiling of my bedroom since {month}. My bed and "
            "clothes are ruined. I reported it the first day.",
            "The roof fixed and compensation for my damaged belongings.",
        ),
        (
            "Banding decision on housing register",
            "I was placed in Band C on the housing register even though I sent a letter from my "
            "GP about my mobility problems. Nobody has explained the decision.",
            "My application reassessed and the reasons explained.",
        ),
        (
            "Communal lighting out on the stairwell",
            "The lights in the stairwell at {street} have been out for {weeks} weeks. Older "
            "residents are frightened to use the stairs after dark.",
            "The lights repaired urgently.",
        ),
        (
            "Service charge increase not explained",
            "My service charge has gone up by {amount} a year and the letter gave no breakdown. "
            "I asked for one in writing and have had no reply.",
            "A full breakdown of the service charge.",
        ),
    ],
    "planning-and-development": [
        (
            "Objection to planning application ignored",
            "I sent an objection to the extension at {street} before the deadline but it is not "
            "shown on the planning portal and the report does not mention it. The application "
            "was approved.",
            "An explanation of why my objection was not considered.",
        ),
        (
            "Neighbour building without permission",
            "My neighbour on {street} is building a two-storey extension. I reported it to "
            "planning enforcement {weeks} weeks ago and nobody has visited.",
            "An enforcement officer to visit and tell me the outcome.",
        ),
        (
            "Not notified of an application next door",
            "Nobody told me about the planning application for the house next door, so I could "
            "not comment. The site notice was put up on a lamp post round the corner.",
            "An explanation of how neighbours are notified.",
        ),
        (
            "Pre-application advice fee paid, no advice received",
            "I paid {amount} for pre-application advice on {date}. It is now {weeks} weeks later "
            "and I have had no meeting and no written advice.",
            "The advice, or a refund of the fee.",
        ),
        (
            "Planning officer gave wrong advice",
            "A planning officer told me on the phone that my fence did not need permission. I "
            "have now had an enforcement letter saying it does.",
            "The enforcement action withdrawn and an apology for the advice.",
        ),
        (
            "Tree protection order not enforced",
            "A protected oak tree at {street} was cut down last weekend. I reported it at the "
            "time and have heard nothing back.",
            "Action against whoever cut it down.",
        ),
    ],
    "parking-and-concessionary-fares": [
        (
            "Penalty charge notice issued while I was paying",
            "I received a parking fine in {car_park} while I was standing at the machine paying. "
            "I have the ticket timed two minutes after the penalty charge notice.",
            "The penalty charge cancelled.",
        ),
        (
            "Blue Badge holder fined in a disabled bay",
            "I was given a penalty charge notice in a disabled bay on {street} even though my "
            "Blue Badge was clearly displayed. The attendant did not look properly.",
            "The fine cancelled and an apology.",
        ),
        (
            "Bus pass renewal not received",
            "I applied to renew my older person's bus pass on {date}. My old pass has expired "
            "and I cannot get to my hospital appointments.",
            "My new bus pass sent urgently.",
        ),
        (
            "Pay and display machine broken for weeks",
            "The machine in {car_park} has been out of order for {weeks} weeks and the phone "
            "payment line does not work without signal.",
            "The machine fixed and any fines given while it was broken cancelled.",
        ),
        (
            "Residents' permit application lost",
            "I applied for a residents' parking permit for {street} and paid {amount}. I have had "
            "nothing and I keep getting tickets outside my own house.",
            "My permit and the tickets cancelled.",
        ),
        (
            "Appeal against parking fine ignored",
            "I appealed against a penalty charge within 14 days with photographs, but received a "
            "charge certificate increasing the fine to {amount} instead of a reply.",
            "My appeal considered and the increase withdrawn.",
        ),
    ],
    "leisure": [
        (
            "Swimming pool closed with no notice",
            "I arrived for my swimming lesson at {centre} to find the pool closed. The website "
            "still said it was open. This is the third time this term.",
            "A refund for the missed lessons and proper notice in future.",
        ),
        (
            "Changing rooms dirty at {centre}",
            "The changing rooms at {centre} are filthy: hair in the showers, broken lockers and "
            "a smell of drains. I have raised this with staff several times.",
            "A proper clean and the lockers repaired.",
        ),
        (
            "Membership cancelled but still charged",
            "I cancelled my gym membership at {centre} in writing on {date} but I am still being "
            "charged {amount} a month.",
            "A refund of the payments taken since I cancelled.",
        ),
        (
            "Play area in {park} unsafe",
            "The climbing frame in {park} has a broken rail and a sharp edge. My daughter cut her "
            "hand on it. It has been like this for weeks.",
            "The equipment repaired or closed off.",
        ),
        (
            "No hoist in the accessible changing room",
            "The accessible changing room at {centre} has no working hoist, so my son, who is a "
            "wheelchair user, cannot swim. We were told it would be fixed months ago.",
            "The hoist repaired and a date we can rely on.",
        ),
    ],
    "electoral-services": [
        (
            "Postal vote did not arrive",
            "I applied for a postal vote well before the deadline but it never arrived, so I "
            "could not vote in the election.",
            "An explanation and confirmation I will get one next time.",
        ),
        (
            "Wrong name on the electoral register",
            "My name has been spelt wrongly on the electoral register for two years despite my "
            "corrections. It is affecting my credit file.",
            "My entry corrected.",
        ),
        (
            "Polling station not accessible",
            "The polling station at the church hall on {street} had steps and no ramp. I use a "
            "wheelchair and had to vote in the car park.",
            "An accessible polling station next time.",
        ),
    ],
    "customer-services": [
        (
            "Kept on hold for over an hour",
            "I rang the council's main number on {day} and was on hold for over an hour before "
            "the call was cut off. I tried three times.",
            "Someone to call me back and shorter waiting times.",
        ),
        (
            "Emails to the council never answered",
            "I have emailed the council three times since {date} about a simple question and had "
            "no reply at all, not even an acknowledgement.",
            "An answer to my question.",
        ),
        (
            "Receptionist was dismissive",
            "The receptionist at the Customer Access Point was dismissive when I asked for help "
            "filling in a form, and said it was not her job.",
            "An apology and staff trained to help people who struggle with forms.",
        ),
        (
            "Website form keeps failing",
            "The online form to report a problem fails every time I press submit, and I lose "
            "everything I have typed. I have tried on two different computers.",
            "The form fixed.",
        ),
    ],
}

COMMENTS: dict[str, list[tuple[str, str]]] = {
    "environmental-services": [
        (
            "Suggest food waste bins for flats",
            "Could the food waste collection be extended to the flats on {street}? Many of us "
            "would use it.",
        ),
        (
            "More litter bins on the high street",
            "The high street would be cleaner with more bins, especially near the takeaways.",
        ),
    ],
    "revenues-and-benefits": [
        (
            "Council tax bills could be clearer",
            "The bill would be easier to read if it showed the monthly amount in large type at "
            "the top.",
        ),
    ],
    "housing": [
        (
            "Tenants' newsletter suggestion",
            "It would help to have repair contact numbers printed in every tenants' newsletter.",
        ),
        ("Communal garden idea", "Could the waste ground at {street} become a communal garden?"),
    ],
    "planning-and-development": [
        (
            "Planning portal hard to search",
            "It is very hard to find applications by street name on the planning portal. A map "
            "search would help.",
        ),
    ],
    "parking-and-concessionary-fares": [
        (
            "Card payments in {car_park}",
            "Please let the machines in {car_park} take contactless payments.",
        ),
    ],
    "leisure": [
        (
            "Longer opening hours at {centre}",
            "Could {centre} open earlier at weekends? Many people would swim before work.",
        ),
        (
            "Quiet swim sessions",
            "A quiet, low-light swim session would help autistic children like my son.",
        ),
    ],
    "electoral-services": [
        (
            "Polling cards in large print",
            "Polling cards should be available in large print for people who ask.",
        ),
    ],
    "customer-services": [
        (
            "Call-back option on the phone line",
            "Please offer a call-back option instead of keeping people on hold.",
        ),
    ],
}

COMPLIMENTS: dict[str, list[tuple[str, str]]] = {
    "environmental-services": [
        (
            "Thank you to the bin crew on {street}",
            "The crew on {street} always put the bins back neatly and wave to my children. "
            "Please pass on our thanks.",
        ),
        (
            "Fly-tipping cleared the same day",
            "I reported fly-tipping in the morning and it was gone by the afternoon. Excellent.",
        ),
    ],
    "revenues-and-benefits": [
        (
            "Helpful advice about council tax arrears",
            "{staff} was patient and kind when I rang about my arrears and set up a plan I can "
            "manage. Thank you.",
        ),
    ],
    "housing": [
        (
            "Repair done quickly and tidily",
            "The joiner who fixed our back door was polite, quick and cleaned up after himself.",
        ),
        (
            "Housing officer went the extra mile",
            "{staff} helped my father move into sheltered housing and made a stressful time "
            "much easier.",
        ),
    ],
    "planning-and-development": [
        (
            "Clear planning advice",
            "{staff} explained exactly what we needed for our extension. Very helpful.",
        ),
    ],
    "parking-and-concessionary-fares": [
        (
            "Bus pass sorted quickly",
            "My replacement bus pass arrived within three days. Thank you.",
        ),
    ],
    "leisure": [
        (
            "Wonderful swimming teacher",
            "{staff} at {centre} has given my daughter so much confidence in the water.",
        ),
        ("{park} looks lovely", "The flower beds in {park} are beautiful this year."),
    ],
    "electoral-services": [
        (
            "Helpful polling station staff",
            "The staff at my polling station helped my mother, who is partially sighted, to vote.",
        ),
    ],
    "customer-services": [
        (
            "Excellent help at the Customer Access Point",
            "{staff} helped me fill in three forms and sorted out my problem in one visit.",
        ),
    ],
}

# Internal notes officers leave while they investigate.
NOTES = [
    "Rang the customer to introduce myself and confirm what they want us to look at.",
    "Asked the service for its records; chased by email today.",
    "Spoke to the team leader: the account of events differs from the customer's.",
    "Site visit booked with the customer for next week.",
    "Customer rang for an update; told them we are still gathering information.",
    "Photographs from the customer added to the file.",
    "Checked the system notes: the earlier report was closed without action in error.",
    "Discussed with the service manager; likely to be partly upheld.",
    "Customer prefers a phone call before the letter; noted.",
    "Draft response sent to the service manager for checking.",
    "Contractor's job sheet obtained; the operative attended but left no card.",
    "Left a voicemail for the customer asking for a convenient time to call.",
]

REFUSAL_NOTES = [
    "The customer has a right of appeal to the tribunal; explained by phone.",
    "The matter happened in 2023 and the customer knew of it then; no good reason for the delay.",
]
FORWARD_TO = [
    ("Exampleshire County Council", "Highways and potholes are the county council's."),
    ("Example Valley Housing Association", "The property belongs to the housing association."),
    ("Exampleshire Police", "The customer describes a crime; passed to the police."),
]
OUTCOME_REASONS = {
    "upheld": "We did not provide the service to the standard we promise, and we are sorry.",
    "partly_upheld": "Some of what went wrong was our fault, but part of it was outside our "
    "control; we have explained which.",
    "not_upheld": "We looked at the records and spoke to the staff involved, and found that the "
    "service was provided as it should have been.",
}
LESSONS = [
    "Crews now photograph bins they cannot empty, so the reason can be checked.",
    "Call handlers reminded to log every report, even repeat ones.",
    "The letter template has been rewritten in plain English.",
    "Missed appointments now trigger a same-day phone call to the customer.",
    "The web page now shows closures as soon as they are known.",
    "Team briefing held on treating customers with courtesy when discussing arrears.",
]
WITHDRAWAL_REASONS = [
    "The customer says the problem has now been sorted out.",
    "The customer no longer wishes to pursue the complaint.",
]
STAGE2_REASONS = [
    "The customer says the Stage 1 response did not deal with the main point.",
    "The customer does not accept the explanation and has new evidence.",
    "The customer says the promised action has still not happened.",
]
