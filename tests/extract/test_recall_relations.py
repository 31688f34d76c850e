"""Relations of real news phrasing (issue 11), on sentences written for these tests.

Each case lists triples that must be read (subject label, relation, object label) and
triples that must not be.
"""
import pytest

from phenomena import check_case


CASES = {
    # --- sanctions: restoring sanctions imposes them -------------------------------------
    "restore-sanctions": (
        "Kenya moved on Thursday to restore the sanctions on Uganda that had lapsed.",
        {("Kenya", "sanctions", "Uganda")}, set()),
    # --- visits: a foreign official who was or spoke in a capital -----------------------
    "hosted-guest-visits": (
        "Kenya hosted Ugandan President John Okello on Monday. Kenyan President William Ruto "
        "will receive Rwandan Foreign Minister Anne Mukasa next week.",
        {("John Okello", "visits", "Kenya"), ("Anne Mukasa", "visits", "Kenya")}, set()),
    "receiving-aid-is-no-visit": (
        "Kenyan President William Ruto received Kenyan athletes at State House. Uganda "
        "received aid from Japan.",
        set(), {("Uganda", "visits", "Japan")}),
    "talks-between-two-not-the-clause-subject": (
        "Chile and Peru signed a water accord after talks between President Gabriel "
        "Boric and his Peruvian counterpart Rosa Quispe.",
        {("Gabriel Boric", "meetsWith", "Rosa Quispe")},
        {("Chile", "meetsWith", "Gabriel Boric")}),
    "delegation-led-by-is-no-second-side": (
        "A South Korean delegation led by Finance Ministry official Kim Soo held talks in "
        "Lima.",
        set(), {("South Korea", "meetsWith", "Kim Soo"), ("Kim Soo", "meetsWith", "South Korea")}),
    "visit-by-without-destination-goes-to-the-other-side": (
        "Chile and Peru agreed to deepen trade ties during a visit by Peruvian President "
        "Rosa Quispe.",
        {("Rosa Quispe", "visits", "Chile")}, {("Rosa Quispe", "visits", "Peru")}),
    "visit-goes-to-the-dateline-state": (
        "SANTIAGO, May 4 - Trade ties were the main subject of the visit of Peruvian "
        "President Rosa Quispe, officials said.",
        {("Rosa Quispe", "visits", "Chile")}, set()),
    "his-visit-is-the-clause-person-s": (
        "Chile and Peru discussed water rights. Chilean President Gabriel Boric named "
        "Pedro Soto as his envoy to Peru. During his visit Mr Boric was booed by "
        "protesters.",
        {("Gabriel Boric", "visits", "Peru")}, {("Pedro Soto", "visits", "Peru")}),
    "reaching-an-agreement-together-is-meeting": (
        "Chilean President Gabriel Boric and his Peruvian counterpart Rosa Quispe reached "
        "an agreement on water rights.",
        {("Gabriel Boric", "meetsWith", "Rosa Quispe")}, set()),
    "reaching-a-place-is-no-agreement": (
        "Chilean President Gabriel Boric and Peruvian President Rosa Quispe reached Lima "
        "on Monday.",
        set(), {("Gabriel Boric", "meetsWith", "Rosa Quispe")}),
    "signed-declaration-is-an-agreement": (
        "Chile and Peru signed a declaration on regional integration.",
        {("Chile", "signs", "declaration on regional integration"),
         ("Peru", "signs", "declaration on regional integration")}, set()),
    "declaration-of-support-is-no-agreement": (
        "Chile made a declaration of support for Peru.",
        {("Chile", "supports", "Peru")},
        {("Chile", "signs", "declaration of support")}),
    "welcomed-a-guest-is-no-support": (
        "Peruvian President Rosa Quispe was welcomed by Chilean President Gabriel Boric in "
        "Santiago. Boric welcomed the new water accord.",
        {("Gabriel Boric", "meetsWith", "Rosa Quispe")},
        {("Gabriel Boric", "supports", "Rosa Quispe"), ("Chile", "supports", "Rosa Quispe")}),
    "the-ministers-far-from-their-meeting-are-the-story-s-pair": (
        "Chilean Foreign Minister Ana Soto arrived in Lima on Sunday.\n\nDuring the visit, "
        "she met Peruvian Foreign Minister Luis Rojas. They discussed fishing rights.\n\n"
        "She also called on the speaker of parliament. Her host praised the port project.\n\n"
        "Students will benefit from new grants. The ministers signed a memorandum on "
        "fisheries cooperation.",
        {("Chile", "signs", "memorandum on fisheries cooperation"),
         ("Peru", "signs", "memorandum on fisheries cooperation")}, set()),
    "called-on-is-a-courtesy-call-and-she-is-the-subject-before": (
        "Chilean Foreign Minister Ana Soto arrived in Lima on Sunday. During the visit, she "
        "met Peruvian Foreign Minister Luisa Rojas. She also called on President Pedro "
        "Castro of Peru.",
        {("Ana Soto", "meetsWith", "Pedro Castro")}, {("Luisa Rojas", "meetsWith", "Pedro Castro")}),
    "called-on-to-act-is-no-meeting": (
        "Chilean Foreign Minister Ana Soto called on President Pedro Castro of Peru to free "
        "the fishermen.",
        set(), {("Ana Soto", "meetsWith", "Pedro Castro")}),
    "agreed-to-expand-exchanges": (
        "Chile and Peru held talks in Lima. Both sides agreed to expand student exchanges.",
        {("Chile", "cooperatesWith", "Peru")}, set()),
    "talks-with-a-state-s-unnamed-minister": (
        "Chilean Foreign Minister Ana Soto flew to Lima, where she held talks with Peru's "
        "foreign minister.",
        {("Chile", "meetsWith", "Peru")}, set()),
    "summoned-ambassador-is-the-state-not-a-named-official": (
        "Peruvian President Pedro Castro spoke on Monday. Chile summoned Peru's ambassador "
        "on Tuesday.",
        {("Chile", "opposes", "Peru")}, {("Chile", "opposes", "Pedro Castro")}),
    "the-host-is-whom-the-visitor-came-to": (
        "Chilean Foreign Minister Ana Soto arrived in Lima. She met Peruvian Foreign "
        "Minister Luisa Rojas. The host praised Chile's role in the Pacific Alliance.",
        {("Luisa Rojas", "praises", "Chile"), ("Peru", "praises", "Chile")}, set()),
    "no-visit-no-host": (
        "Chile and Peru met in the final. The host praised Chile's team.",
        set(), {("Peru", "praises", "Chile")}),
    "a-state-s-ambassador-in-a-foreign-capital-is-still-its": (
        "Chile's ambassador in Lima was due to meet Peruvian President Pedro Castro today.",
        {("Chile", "meetsWith", "Peru")}, {("Peru", "meetsWith", "Pedro Castro")}),
    "the-two-sides-may-be-a-bloc-and-a-state": (
        "The African Union criticised Chad over the new law. Chad defended the law. Trade "
        "talks go on. The two sides will hold an emergency meeting next week.",
        {("African Union", "meetsWith", "Chad")}, set()),
    "the-two-countries-are-never-a-bloc": (
        "The African Union criticised Chad over the new law. Chad defended the law. Trade "
        "talks go on. The two countries will hold an emergency meeting next week.",
        set(), {("African Union", "meetsWith", "Chad")}),
    "legal-action-against": (
        "Chad took legal action against Niger over the dam.",
        {("Chad", "opposes", "Niger")}, set()),
    "returned-from-and-left-for": (
        "Chilean President Gabriel Boric returned from Peru on Friday. He left for "
        "Buenos Aires on Sunday.",
        {("Gabriel Boric", "visits", "Peru"), ("Gabriel Boric", "visits", "Argentina")}, set()),
    "a-tour-of-a-state-is-where-not-who": (
        "NAIROBI, May 4 - Kenyan President William Ruto spoke on trade.\nRuto returned home "
        "from a week-long tour of China.",
        {("William Ruto", "visits", "China")}, {("China", "visits", "Kenya")}),
    "received-by-the-host-in-the-passive": (
        "Chilean President Gabriel Boric spoke on trade. Boric was received by Peruvian "
        "President Rosa Quispe in Lima. He was welcomed by Argentine President Javier Milei "
        "a week later.",
        {("Gabriel Boric", "visits", "Peru"), ("Gabriel Boric", "visits", "Argentina")}, set()),
    "joint-work-is-cooperation": (
        "Chile and Peru held joint naval exercises. Bolivia held joint drills with "
        "Paraguay. Chile and Argentina will jointly develop the gas field. Brazil is "
        "Uruguay's largest trading partner.",
        {("Chile", "cooperatesWith", "Peru"), ("Bolivia", "cooperatesWith", "Paraguay"),
         ("Chile", "cooperatesWith", "Argentina"), ("Brazil", "cooperatesWith", "Uruguay")},
        set()),
    "a-joint-press-conference-or-a-denied-drill-is-no-cooperation": (
        "Chile and Peru gave a joint press conference. Bolivia did not hold joint drills "
        "with Paraguay.",
        set(), {("Chile", "cooperatesWith", "Peru"), ("Bolivia", "cooperatesWith", "Paraguay")}),
    "a-plan-for-something-is-a-policy": (
        "Chile put forward a plan for a regional water authority. Peru's proposal for a "
        "joint patrol was welcomed by Bolivia.",
        {("Chile", "proposes", "plan for a regional water authority"),
         ("Peru", "proposes", "proposal for a joint patrol"),
         ("Bolivia", "supports", "proposal for a joint patrol")}, set()),
    "held-talks-here-however-parsed": (
        'BRAZIL SEEKS NEW LOANS FROM JAPANESE BANKS\n\n    TOKYO, April 8 - Brazilian '
        'Finance Minister Dilson Funaro\nheld talks here today with officials of '
        'the Bank of Japan and\nthe Finance Ministry on new loans, a Japanese official '
        'said.\n    Funaro, who arrived yesterday from Washington, also met\nJapanese '
        'Finance Minister Kiichi Miyazawa, the official said.\n',
        {("Dilson Funaro", "visits", "Japan")}, set()),
    "owned-member-nouns": (
        "Iran, OPEC's second-biggest producer, raised output. Germany is the EU's biggest "
        "economy. Finland became NATO's newest member.",
        {("Iran", "memberOf", "Organization of the Petroleum Exporting Countries"),
         ("Germany", "memberOf", "European Union"),
         ("Finland", "memberOf", "North Atlantic Treaty Organization")}, set()),
    "a-party-office-before-the-name": (
        "Labour leader Anna Smith criticised the plan. Conservative MP Tom Jones backed it.",
        {("Anna Smith", "officialOf", "Labour Party"), ("Anna Smith", "memberOf", "Labour Party"),
         ("Tom Jones", "memberOf", "Conservative Party")},
        {("Tom Jones", "officialOf", "Conservative Party")}),
    "sanctions-as-withdrawn-status-frozen-assets-revoked-visas": (
        "Chile withdrew trade preferences from Peru. Brazil froze the assets of Bolivia's "
        "state oil firm. Argentina revoked the visas of Paraguayan officials.",
        {("Chile", "sanctions", "Peru"), ("Brazil", "sanctions", "Bolivia"),
         ("Argentina", "sanctions", "Paraguay")}, set()),
    "withdrawing-troops-is-no-sanction": (
        "Chile withdrew its troops from Peru.",
        set(), {("Chile", "sanctions", "Peru")}),
    "signing-phrased-otherwise": (
        "Chile entered into an agreement with Peru on fishing rights. Bolivia and Paraguay "
        "agreed a deal on river transport. Uruguay has joined the Paris Agreement. Chile "
        "and Peru are signatories to the Lima Water Treaty.",
        {("Chile", "signs", "agreement with Peru on fishing rights"),
         ("Peru", "signs", "agreement with Peru on fishing rights"),
         ("Bolivia", "signs", "deal on river transport"),
         ("Uruguay", "signs", "Paris Agreement"), ("Peru", "signs", "Lima Water Treaty")},
        set()),
    "striking-a-deal-is-no-attack-and-agreeing-to-work-towards-one-no-signing": (
        "Chile and Peru struck a deal on fishing rights. Bolivia and Paraguay agreed to "
        "work towards a free trade agreement.",
        {("Chile", "signs", "deal on fishing rights")},
        {("Chile", "opposes", "deal on fishing rights"),
         ("Bolivia", "signs", "free trade agreement")}),
    "meetings-phrased-otherwise": (
        "Chile and Peru argued. President Gabriel Boric sat down with President Rosa Quispe "
        "in Lima. President Javier Milei of Argentina received a phone call from President "
        "Luis Arce of Bolivia. Paraguayan President Santiago Pena paid a courtesy call on "
        "President Lula of Brazil.",
        {("Gabriel Boric", "meetsWith", "Rosa Quispe"), ("Javier Milei", "meetsWith", "Luis Arce"),
         ("Santiago Peña", "meetsWith", "Luiz Inácio Lula da Silva")}, set()),
    "a-letter-from-is-no-meeting": (
        "President Javier Milei of Argentina received a letter from President Luis Arce of "
        "Bolivia.",
        set(), {("Javier Milei", "meetsWith", "Luis Arce")}),
    "hit-out-at": (
        "Kenya hit out at Uganda on Monday over the border closure.",
        {("Kenya", "opposes", "Uganda")}, set()),
    "was-in-capital-abroad": (
        "Kenyan Foreign Minister Jane Wambui met Japanese officials. When she was in Tokyo "
        "last week, she discussed trade.",
        {("Jane Wambui", "visits", "Tokyo"), ("Jane Wambui", "visits", "Japan")}, set()),
    "spoke-in-capital-abroad": (
        "French President Jean Dorval told reporters in Brussels that the rebate was unfair.",
        {("Jean Dorval", "visits", "Brussels")}, set()),
    "in-the-home-capital-is-no-visit": (
        "Kenyan President John Kamau told reporters in Nairobi that Uganda was wrong.",
        set(), {("John Kamau", "visits", "Nairobi")}),
    "born-in-is-no-visit": (
        "French President Jean Dorval, who was born in Algiers, opened the embassy.",
        set(), {("Jean Dorval", "visits", "Algiers")}),
    # --- memberOf: a party word before the name or its title ----------------------------
    "party-before-title": (
        "Former Tory prime minister Alan Wexford criticised the bill.",
        {("Alan Wexford", "memberOf", "Conservative Party")}, set()),
    "party-before-name": (
        "Democrat Ruth Calloway leads the race, and Republican senator Dan Pruitt trails.",
        {("Ruth Calloway", "memberOf", "Democratic Party"),
         ("Dan Pruitt", "memberOf", "Republican Party")},
        {("Ruth Calloway", "memberOf", "Republican Party")}),
    "portfolio-is-no-party": (
        "Labour Minister Anil Varma met the union leaders in Delhi.",
        set(), {("Anil Varma", "memberOf", "Labour Party")}),
    "party-word-of-another-name": (
        "Republican Guard commander Omar Haddad was killed.",
        set(), {("Omar Haddad", "memberOf", "Republican Party")}),
    # --- proposes: a plan named with its author ------------------------------------------
    "author-demonym": (
        "Uganda rejected a Kenyan proposal to settle the border dispute.",
        {("Kenya", "proposes", "Kenyan proposal to settle the border dispute"),
         ("Uganda", "rejects", "Kenyan proposal to settle the border dispute"),
         ("Uganda", "rejects", "Kenya")},
        set()),
    "author-possessive": (
        "Ghana welcomed Nigeria's peace plan on Monday.",
        {("Nigeria", "proposes", "peace plan"), ("Ghana", "supports", "peace plan")}, set()),
    "author-inside-the-name": (
        "Kenya accepted the World Bank offer.",
        {("World Bank", "proposes", "World Bank offer")},
        {("Kenya", "proposes", "World Bank offer")}),
    "plan-named-by-its-purpose": (
        "Kenyan Foreign Minister Jane Wambui has defended plans to lift the regional ban on "
        "Ugandan beef. Rwanda rejected a plan to expand cross-border trade - Kenya objected.",
        {("Kenya", "supports", "plans to lift the regional ban on Ugandan beef"),
         ("Rwanda", "rejects", "plan to expand cross-border trade")}, set()),
    "a-plan-with-no-purpose-is-no-policy": (
        "Rwanda rejected the plan.",
        set(), {("Rwanda", "rejects", "plan")}),
    "his-plan-is-no-sure-author": (
        "Kenyan Trade Minister Jane Wambui met Ugandan President John Okello. She told him "
        "that his plan to close the border was a mistake.",
        set(), {("John Okello", "proposes", "plan to close the border"),
                ("Jane Wambui", "proposes", "plan to close the border")}),
    "indirect-object-receives": (
        "Japan granted Ghana a loan of 300 million dollars. Norway gave Togo 20 million "
        "dollars in aid.",
        {("Japan", "funds", "Ghana"), ("Norway", "providesAid", "Togo")}, set()),
    "the-two-governments-are-states": (
        "Hungary accused Slovakia of breaking the rules. Budapest said it would raise the "
        "matter with the European Commission. The row comes a week after the two "
        "governments held talks in Bratislava.",
        {("Hungary", "meetsWith", "Slovakia")}, {("Slovakia", "meetsWith", "European Commission")}),
    "talks-after-which-a-plan-was-agreed-were-held": (
        "Ghana and Togo agreed to reopen their border after talks in Lome.",
        {("Ghana", "meetsWith", "Togo")}, set()),
    "and-hung-inside-a-name": (
        "Kenya and Uganda signed a deal after talks between Kenyan President Daniel arap Moi "
        "and Ugandan President Yoweri Museveni.",
        {("Daniel arap Moi", "meetsWith", "Yoweri Museveni")}, set()),
    "his-government-is-the-state-he-serves": (
        "Ghanaian President John Kufuor said his government would back the Togolese bid.",
        {("Ghana", "supports", "Togo")}, set()),
    "a-capital-s-services-are-its-state-s": (
        "Norway accused Minsk's intelligence services of planning the attack. Latvia "
        "criticised the Tallinn government.",
        {("Norway", "opposes", "Belarus"), ("Latvia", "opposes", "Estonia")}, set()),
    "creditor-clubs-and-rights-groups-are-known-bodies": (
        "Zambia signed a debt rescheduling accord with the Paris Club on Monday. Amnesty "
        "International and Human Rights Watch criticised the Zambian government.",
        {("Paris Club", "signs", "debt rescheduling accord with the Paris Club"),
         ("Amnesty International", "opposes", "Zambia"),
         ("Human Rights Watch", "opposes", "Zambia")}, set()),
    "financing-a-construction-is-no-building": (
        "Japan will finance the construction of the Mombasa-Nairobi Railway.",
        {("Japan", "funds", "Mombasa-Nairobi Railway")},
        {("Japan", "builds", "Mombasa-Nairobi Railway")}),
    "the-subregion-a-descriptor-names": (
        "Thailand and Japan signed a trade pact on Monday as Japanese Prime Minister Fumio "
        "Kishida began a three-day state visit to the Southeast Asian country.",
        {("Fumio Kishida", "visits", "Thailand")}, set()),
    "a-funder-noun-owned-by-the-funded": (
        "Japan is Laos's largest investor. China, Zambia's biggest creditor, agreed to talks. "
        "Sweden is the largest donor to Mozambique.",
        {("Japan", "funds", "Laos"), ("China", "funds", "Zambia"),
         ("Sweden", "providesAid", "Mozambique")}, {("Zambia", "funds", "China")}),
    "he-is-the-one-who-said-it": (
        "Ukrainian President Leonid Kuchma met Turkmen President Saparmurat Niyazov. The head "
        "of the state gas company, Yury Petrov, said he was fully happy with the Paris "
        "Agreement.",
        set(), {("Leonid Kuchma", "supports", "Paris Agreement"),
                ("Saparmurat Niyazov", "supports", "Paris Agreement")}),
    "an-amount-of-money-is-funding": (
        "The African Development Bank said it would provide 400 million dollars to Malawi. "
        "Japan pledged $2 billion in loans to Zambia.",
        {("African Development Bank", "funds", "Malawi"), ("Japan", "funds", "Zambia")}, set()),
    "an-amount-in-aid-is-aid-only": (
        "Qatar has provided more than $300 million in humanitarian aid to Yemen.",
        {("Qatar", "providesAid", "Yemen")}, {("Qatar", "funds", "Yemen")}),
    "participle-names-the-doer": (
        "The Chinese-built Lamu Expressway opened on Monday. Kenya also opened the "
        "Japanese-funded Kisumu Port, and Iran-backed fighters attacked the Uganda Army.",
        {("China", "builds", "Lamu Expressway"), ("Japan", "funds", "Kisumu Port")}, set()),
    "participle-without-hyphen-is-no-doer": (
        "A Chinese engineer built the Lamu Expressway.",
        set(), {("China", "builds", "Lamu Expressway")}),
    "author-of-a-bill": (
        "The Kenya Land Reform Bill, published on Monday, would end the leases. Uganda says "
        "its own Water Bill will protect farmers.",
        {("Kenya", "proposes", "Kenya Land Reform Bill"), ("Uganda", "proposes", "Water Bill")},
        set()),
    "a-first-name-is-no-bill": (
        "Bill Tanner, a Kenyan farmer, welcomed the news.",
        set(), {("Kenya", "proposes", "Bill Tanner")}),
    "author-not-of-a-plan-in-general": (
        "The idea grew from a Kenyan initiative into a regional consensus.",
        set(), {("Kenya", "proposes", "Kenyan initiative")}),
    # --- supports: accepting an offer or a plan; a question asserts nothing ------------
    "accept-offer": (
        "Rwanda and Burundi accepted the World Bank offer last week; Ghana is still weighing it.",
        {("Rwanda", "supports", "World Bank offer"), ("Burundi", "supports", "World Bank offer")},
        {("Ghana", "supports", "World Bank offer")}),
    "the-offer-refers-back": (
        "The World Bank offer reached Togo in May. On Friday Togo declined the offer.",
        {("Togo", "rejects", "World Bank offer")}, set()),
    "accept-needs-a-policy": (
        "Kenya accepted Uganda's invitation and will send a minister.",
        set(), {("Kenya", "supports", "Uganda")}),
    "close-to-a-deal-is-no-deal": (
        "Ghana and Togo were close to reaching a fisheries deal. Ghana and Benin signed a "
        "deal near the border.",
        {("Ghana", "signs", "deal"), ("Benin", "signs", "deal")},
        {("Togo", "signs", "fisheries deal"), ("Ghana", "signs", "fisheries deal")}),
    "a-possibility-asserts-nothing": (
        "Ghana could back the Togolese bid. Benin might sign the treaty. Ghana backed the "
        "Nigerian bid.",
        {("Ghana", "supports", "Nigeria")},
        {("Ghana", "supports", "Togo"), ("Benin", "signs", "treaty")}),
    "the-move-after-a-signing-is-the-agreement": (
        "Ghana and Togo signed a peace deal on Monday. Benin welcomed the move.",
        {("Benin", "supports", "peace deal")}, {("Benin", "supports", "Ghana")}),
    "question-asserts-nothing": (
        "Will Kenya accept the ceasefire plan? Ghana backed the ceasefire plan.",
        {("Ghana", "supports", "ceasefire plan")}, {("Kenya", "supports", "ceasefire plan")}),
    # --- memberOf: the body before the member noun -----------------------------------
    "member-compound-name": (
        "Fellow OPEC member Nigeria has agreed to lend Angola money.",
        {("Nigeria", "memberOf", "Organization of the Petroleum Exporting Countries")},
        {("Angola", "memberOf", "Organization of the Petroleum Exporting Countries")}),
    "member-apposition-list": (
        "NATO members Norway and Denmark signed the pact.",
        {("Norway", "memberOf", "North Atlantic Treaty Organization"),
         ("Denmark", "memberOf", "North Atlantic Treaty Organization")}, set()),
    "member-apposition-after": (
        "Norway, a NATO member, said it would help.",
        {("Norway", "memberOf", "North Atlantic Treaty Organization")}, set()),
    "member-copula": (
        "Chile is an OPEC member.",
        {("Chile", "memberOf", "Organization of the Petroleum Exporting Countries")}, set()),
    "member-the-two-of-the-story": (
        "Spain and Portugal held talks on Monday. It was the first visit between the two "
        "EU members in a decade.",
        {("Spain", "memberOf", "European Union"), ("Portugal", "memberOf", "European Union")},
        set()),
    # --- cooperatesWith: an ally noun with the partner before it ------------------------
    "both-allies-of-a-state": (
        "Qatar and Oman - both Saudi allies - welcomed the move.",
        {("Qatar", "cooperatesWith", "Saudi Arabia"), ("Oman", "cooperatesWith", "Saudi Arabia")},
        {("Qatar", "cooperatesWith", "Oman")}),
    "a-close-ally-in-apposition": (
        "Japan, a close US ally, said it would help.",
        {("Japan", "cooperatesWith", "United States")}, set()),
    "ally-before-the-name": (
        "US ally Japan said it would help.",
        {("Japan", "cooperatesWith", "United States")}, set()),
    "members-of-a-delegation-are-no-states": (
        "The Kenyan minister met members of the NATO delegation.",
        set(), {("Kenya", "memberOf", "North Atlantic Treaty Organization")}),
    # --- officialOf and memberOf of bodies the KB does not know ---------------------
    "top-diplomat-in-apposition": (
        "Amina Wekesa, Kenya's top diplomat, said the plan was sound.",
        {("Amina Wekesa", "officialOf", "Kenya")}, set()),
    "diplomat-before-the-name": (
        "Kenyan diplomat Amina Wekesa met Uganda's Odongo Jeje.",
        {("Amina Wekesa", "officialOf", "Kenya")}, set()),
    "title-of-an-unknown-body": (
        "Green Alliance leader Roger Knapman said the rebate was fair.",
        {("Roger Knapman", "officialOf", "Green Alliance")}, set()),
    "an-envoy-at-a-body-serves-the-state": (
        "Estonia's UN Ambassador Ilse Wouters said Austria would back the resolution.",
        {("Ilse Wouters", "officialOf", "Estonia")},
        {("Ilse Wouters", "officialOf", "United Nations")}),
    "owner-of-a-party": (
        "The plan split Prime Minister Ivan Petrov's Unity Party.",
        {("Ivan Petrov", "memberOf", "Unity Party")}, set()),
    # --- support and opposition: more of the news' verbs --------------------------------
    "abandoned-an-agreement": (
        "Washington abandoned the Iran nuclear deal two years ago.",
        {("United States", "opposes", "Joint Comprehensive Plan of Action")}, set()),
    "abandoned-a-plan-of-its-own": (
        "Kenya abandoned its plans to build a dam.",
        set(), {("Kenya", "opposes", "Kenya")}),
    "committed-to": (
        "Iran remains committed to the nuclear deal.",
        {("Iran", "supports", "nuclear deal")}, set()),
    "sided-with": (
        "Hungary sided with Poland in the dispute.",
        {("Hungary", "supports", "Poland")}, {("Hungary", "supports", "dispute")}),
    "hit-back-at": (
        "Poland hit back at Germany on Monday.",
        {("Poland", "opposes", "Germany")}, set()),
    "threw-weight-behind": (
        "Ghana threw its weight behind Togo.",
        {("Ghana", "supports", "Togo")}, set()),
    "threw-support-behind": (
        "Brazil threw its support behind the Paris Agreement.",
        {("Brazil", "supports", "Paris Agreement")}, set()),
    "support-to-on-the-verb": (
        "Kenya reaffirmed its support to Somalia in the war.",
        {("Kenya", "supports", "Somalia")}, set()),
    "subject-misread-as-object-of-as": (
        "Officials say the vote will be messy as Russia, China and Iran question the "
        "legality of the Kenyan plan.",
        {("Russia", "opposes", "Kenya"), ("China", "opposes", "Kenya"),
         ("Iran", "opposes", "Kenya")}, set()),
    "as-a-preposition-is-no-subject": (
        "Kenya acted as mediator and Uganda rejected the Tanzanian plan.",
        {("Uganda", "opposes", "Tanzania")}, {("Kenya", "opposes", "Tanzania")}),
    "said-it-violates": (
        "Kenya said the Ugandan tariffs violate the treaty.",
        {("Kenya", "opposes", "Uganda")}, set()),
    "said-it-does-not-violate": (
        "Kenya said the Ugandan tariffs do not violate the treaty.",
        set(), {("Kenya", "opposes", "Uganda")}),
    # --- proposes ---------------------------------------------------------------------
    "called-for-an-agreement": (
        "Kenya called for the Lusaka Agreement to be revived.",
        {("Kenya", "proposes", "Lusaka Agreement")}, set()),
    "presented-a-plan": (
        "Kenyan President Amina Wekesa presented the Lake Victoria Plan in March.",
        {("Amina Wekesa", "proposes", "Lake Victoria Plan")}, set()),
    "a-plan-laid-out-by": (
        "The Lake Victoria Plan, laid out by Kenyan President Amina Wekesa, was welcomed.",
        {("Amina Wekesa", "proposes", "Lake Victoria Plan")}, set()),
    "presented-findings-is-no-proposal": (
        "Kenya presented its findings to Uganda.",
        set(), {("Kenya", "proposes", "Uganda")}),
    # --- meetsWith: a joint appearance --------------------------------------------------
    "joint-news-conference": (
        "Kenyan Foreign Minister Amina Wekesa spoke at a joint news conference with Ugandan "
        "Foreign Minister Odongo Jeje.",
        {("Amina Wekesa", "meetsWith", "Odongo Jeje"), ("Kenya", "meetsWith", "Uganda")}, set()),
    # --- visits: "here" is the dateline's city; a participle set off by commas --------
    "arrived-here": (
        "NAIROBI, March 3 - Uganda's trade minister Amos Kato arrived here last night for "
        "talks.",
        {("Amos Kato", "visits", "Nairobi"), ("Amos Kato", "visits", "Kenya")}, set()),
    "signed-here-by-a-foreign-minister": (
        "NAIROBI, March 3 - The accord was signed here yesterday by Ugandan Trade Minister "
        "Amos Kato and Kenyan officials.",
        {("Amos Kato", "visits", "Kenya")}, set()),
    "met-here-the-host-stays-home": (
        "NAIROBI, March 3 - Kenyan President Amina Wekesa met Ugandan Trade Minister Amos "
        "Kato here on Monday.",
        {("Amos Kato", "visits", "Nairobi")}, {("Amina Wekesa", "visits", "Nairobi"),
                                              ("Amina Wekesa", "visits", "Kenya")}),
    "here-without-a-dateline": (
        "Ugandan Trade Minister Amos Kato arrived here last night for talks with Kenya.",
        set(), {("Amos Kato", "visits", "Kenya")}),
    "visiting-set-off-by-commas": (
        "Mr Jack Straw, visiting Beijing, said the embargo would end.",
        {("Jack Straw", "visits", "Beijing"), ("Jack Straw", "visits", "China")}, set()),
    "participle-of-a-body-is-not-its-act": (
        "Peru sent a letter to the UN Security Council accusing Chile of spying.",
        set(), {("United Nations Security Council", "opposes", "Chile")}),
    # --- meetsWith: talks of the story's pair -------------------------------------------
    "talks-with-one-side-of-the-pair": (
        "Kenya and Uganda signed a trade accord in March. Kenya exports tea to Uganda. "
        "Nairobi said progress was being made in trade talks with Uganda.",
        {("Kenya", "meetsWith", "Uganda")}, set()),
    "the-talks-of-the-pair": (
        "Kenya exports tea to Uganda, and Uganda sells maize to Kenya. Kenya wants Uganda to "
        "cut its tariffs. Tariffs were the main point of disagreement in the talks.",
        {("Kenya", "meetsWith", "Uganda")}, set()),
    "talks-of-no-pair": (
        "Kenya, Uganda, Tanzania and Rwanda trade with one another. Tariffs were the main "
        "point of disagreement in the talks.",
        set(), {("Kenya", "meetsWith", "Uganda")}),
    "calls-are-no-talks-of-the-pair": (
        "Kenya exports tea to Uganda, and Uganda sells maize to Kenya. Kenya rejected any "
        "calls for an inquiry.",
        set(), {("Kenya", "meetsWith", "Uganda")}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_phenomenon(triples, name):
    check_case(triples, CASES[name])
