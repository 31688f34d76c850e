"""Stance and aid in the phrasing of news: received stances, reciprocal accusations,
verdicts a speaker gives, offers turned down, gifts whose recipient is named elsewhere.

Sentences written for these tests. Each case lists triples that must be read (finer
relations count as their core relation) and triples that must not.
"""
import pytest

from phenomena import check_case


CASES = {
    # --- a stance noun received by the clause's subject --------------------------------
    "drew-condemnation-from": (
        "Ghana imposed a new levy on imports. The levy drew condemnation from Nigeria and "
        "Togo.",
        set(), {("Ghana", "opposes", "Nigeria")}),
    "won-the-backing-of": (
        "Kenya won the backing of France for its bid to host the summit.",
        {("France", "supports", "Kenya")}, {("Kenya", "supports", "France")}),
    "received-a-loan-from": (
        "Ghana has received a loan of 500 million dollars from the World Bank.",
        {("World Bank", "funds", "Ghana")}, set()),
    "grateful-for-the-support-of": (
        "Peru is grateful for Chile's support.",
        {("Chile", "supports", "Peru")}, set()),
    "happy-about-a-support-for-another": (
        "Peru is happy about Chile's support for Bolivia.",
        {("Chile", "supports", "Bolivia")}, {("Chile", "supports", "Peru")}),
    "sought-backing-is-no-backing": (
        "Kenya sought the backing of France for its bid.",
        set(), {("France", "supports", "Kenya"), ("Kenya", "supports", "France")}),
    "asked-for-support-is-no-support-yet": (
        "Estonia will seek Finland's support for its bid. Latvia asked for Sweden's backing.",
        set(), {("Finland", "supports", "Estonia"), ("Sweden", "supports", "Latvia")}),
    "faces-opposition-is-not-opposing": (
        "Peru faces stiff opposition to the plan.",
        set(), {("Peru", "opposes", "Peru")}),
    "despite-opposition-from": (
        "Japan went ahead with the release of the water despite opposition from China and "
        "South Korea.",
        {("China", "opposes", "Japan"), ("South Korea", "opposes", "Japan")}, set()),
    # --- each other ---------------------------------------------------------------------
    "accused-each-other": (
        "Armenia and Azerbaijan accused each other of breaking the truce.",
        {("Armenia", "opposes", "Azerbaijan"), ("Azerbaijan", "opposes", "Armenia")}, set()),
    "both-sides-blamed-the-other": (
        "Sudan and South Sudan held talks in Juba on Monday. Both sides later blamed the "
        "other for the failure of the talks.",
        {("Sudan", "opposes", "South Sudan"), ("South Sudan", "opposes", "Sudan")}, set()),
    # --- verdicts -----------------------------------------------------------------------
    "called-it-unjustified": (
        'Spain called Morocco\'s decision "unjustified".',
        {("Spain", "opposes", "Morocco")}, set()),
    "described-as-reckless": (
        "Carlos Mendes later described Paulo Rocha as reckless.",
        {("Carlos Mendes", "opposes", "Paulo Rocha")}, set()),
    "said-was-naive": (
        'Senator Ana Ruiz criticised the trip. She said Mr Tom Blake was "naive".',
        {("Ana Ruiz", "opposes", "Tom Blake")}, set()),
    "negated-praise-condemns": (
        "Poland said Belarus's election was neither free nor fair.",
        {("Poland", "opposes", "Belarus")}, set()),
    "negated-condemnation-says-nothing": (
        "Poland said Germany's decision was not illegal.",
        set(), {("Poland", "opposes", "Germany"), ("Poland", "supports", "Germany")}),
    "verdict-on-the-agreement-named-before": (
        "Chile and Peru signed the Arica Water Accord on Monday. Peru's foreign minister, "
        'Rosa Quispe, said the accord was "a historic step".',
        {("Rosa Quispe", "supports", "Arica Water Accord")}, set()),
    "verdict-of-the-act-still-no-actor-guess": (
        "Chile closed its border on Monday. Peru said the move was illegal.",
        set(), {("Peru", "opposes", "Chile")}),
    "the-act-named-by-its-actor": (
        "Finland and Estonia held talks on ferry links on Monday. Latvia was critical of "
        "the Lithuanian decision to close the port.",
        {("Latvia", "opposes", "Lithuania")}, {("Latvia", "opposes", "Estonia"),
                                                ("Latvia", "opposes", "Finland")}),
    "happy-with-a-thing": (
        "The Austrian government said it was happy with the Danube Shipping Accord.",
        {("Austria", "supports", "Danube Shipping Accord")}, set()),
    "happy-with-another-s-support-is-theirs": (
        "Peru is happy with Chile's support.",
        {("Chile", "supports", "Peru")}, {("Peru", "supports", "Chile")}),
    "satisfaction-and-displeasure": (
        "Chile expressed satisfaction with the Peruvian proposal, while Bolivia voiced "
        "displeasure at the Argentine decision.",
        {("Chile", "supports", "Peruvian proposal"), ("Bolivia", "opposes", "Argentina")}, set()),
    "it-in-what-a-government-said": (
        "The Kenyan government said it would back the Ugandan bid.",
        {("Kenya", "supports", "Uganda")}, set()),
    "verdict-words-of-diplomatic-rows": (
        "Hungary called the Slovak decision hysterical.",
        {("Hungary", "opposes", "Slovakia")}, set()),
    # --- who speaks for a state -----------------------------------------------------------
    "former-holder-does-not-speak-for-the-state": (
        "Chile and Peru signed the Arica Water Accord on Monday. Former President Pedro "
        "Castillo of Peru denounced the accord.",
        {("Pedro Castillo", "opposes", "Arica Water Accord"),
         ("Pedro Castillo", "officialOf", "Peru")},
        {("Peru", "opposes", "Arica Water Accord")}),
    "opposition-leader-does-not-speak-for-the-state": (
        "Chile and Peru signed the Arica Water Accord on Monday. The Chilean opposition "
        "leader Marta Vidal condemned the accord.",
        {("Marta Vidal", "opposes", "Arica Water Accord")},
        {("Chile", "opposes", "Arica Water Accord")}),
    "a-former-office-besides-a-serving-one": (
        "Chile and Peru signed the Arica Water Accord on Monday. President Rosa Quispe of "
        "Peru welcomed it. Quispe, a former foreign minister, said the accord was a "
        "milestone.",
        {("Peru", "supports", "Arica Water Accord")}, set()),
    "an-official-does-not-praise-the-state-they-serve": (
        'Canadian Prime Minister Anne Roy said Canada was a "fair trader" and a reliable '
        "partner.",
        set(), {("Anne Roy", "praises", "Canada"), ("Anne Roy", "supports", "Canada")}),
    "no-speaker-no-verdict": (
        "Germany's decision was unjustified.",
        set(), {("Germany", "opposes", "Germany")}),
    # --- protest in the phrasing of diplomacy ---------------------------------------------
    "ordered-the-expulsion-of": (
        "Chile ordered the expulsion of Peru's ambassador.",
        {("Chile", "opposes", "Peru")}, set()),
    "blamed-the-attack-on": (
        "Chile condemned the attack, which it blamed on Bolivia.",
        {("Chile", "opposes", "Bolivia")}, set()),
    "concern-over-a-build-up": (
        "Chile voiced concern over Peru's troop build-up.",
        {("Chile", "opposes", "Peru")}, set()),
    "weight-behind-a-candidate": (
        "Chile threw its weight behind Peru's candidate for the post.",
        {("Chile", "supports", "Peru")}, set()),
    # --- "we" in a quote is the speaker's state -----------------------------------------
    "we-in-a-quote-is-the-speaker-s-state": (
        '"We support Peru\'s bid to host the summit," Chilean Foreign Minister Ana Soto said. '
        '"We strongly condemn the attack by Bolivia," said Paraguayan President Luis Vera.',
        {("Chile", "supports", "Peru"), ("Paraguay", "opposes", "Bolivia")}, set()),
    "a-quote-after-an-attributed-quote-goes-on": (
        '"Our countries are friends," Chilean Foreign Minister Ana Soto said. "We support '
        'Peru\'s bid to host the summit."',
        {("Chile", "supports", "Peru")}, set()),
    "we-without-a-speaker-is-no-one": (
        "We support Peru, the editorial said.",
        set(), {("Chile", "supports", "Peru")}),
    "recognising-a-fact-is-no-recognition": (
        '"We recognise a good deal must be a fair one," Chilean President Gabriel Boric said.',
        set(), {("Chile", "supports", "good deal")}),
    "took-issue-with": (
        "Chile took issue with Peru's remarks.",
        {("Chile", "opposes", "Peru")}, set()),
    "gave-its-blessing-to": (
        "Chile gave its blessing to Peru's candidate.",
        {("Chile", "supports", "Peru")}, set()),
    "expressed-solidarity-with": (
        "Chile expressed solidarity with Peru after the floods.",
        {("Chile", "supports", "Peru")}, set()),
    "took-part-is-no-issue": (
        "Chile took part in talks with Peru.",
        set(), {("Chile", "opposes", "Peru")}),
    # --- offers and requests turned down --------------------------------------------------
    "turned-down-a-request": (
        "Chile turned down Bolivia's request for a loan.",
        {("Chile", "opposes", "Bolivia")}, set()),
    "declined-the-offer-made-before": (
        "The loan was offered by the World Bank in May. Chile declined the offer.",
        {("Chile", "opposes", "World Bank")}, set()),
    "declined-an-offer-never-named": (
        "Kenya met Chile in May. Chile declined the offer.",
        set(), {("Chile", "opposes", "Kenya")}),
    "declined-to-comment": (
        "Chile declined to comment on Peru's claim.",
        set(), {("Chile", "opposes", "Peru")}),
    "questioned-the-legality": (
        "Brazil questioned the legality of Peru's move.",
        {("Brazil", "opposes", "Peru")}, set()),
    # --- diplomatic protest and support ---------------------------------------------------
    "recalled-its-ambassador-to": (
        "Jordan recalled its ambassador to Israel for consultations.",
        {("Jordan", "opposes", "Israel")}, set()),
    "recognised-as-president-by": (
        "Juan Guaidó is recognised as interim president by Germany and France.",
        {("Germany", "supports", "Juan Guaidó"), ("France", "supports", "Juan Guaidó")}, set()),
    "recognised-by-in-a-relative-clause-of-an-apposition": (
        "Juan Perez, the country's main opposition leader who is recognised as interim "
        "president by Spain and 50 other countries, met officials in Madrid.",
        {("Spain", "supports", "Juan Perez")}, set()),
    "angered-is-opposed-by-the-angered": (
        "The new Ugandan tariff has angered Kenya. Chad closed its border. The move irked "
        "Niger.",
        {("Kenya", "opposes", "Uganda"), ("Niger", "opposes", "Chad")},
        {("Uganda", "opposes", "Kenya")}),
    "angered-in-the-passive": (
        "Egypt was angered by the Grand Ethiopian Renaissance Dam.",
        {("Egypt", "opposes", "Grand Ethiopian Renaissance Dam")}, set()),
    "has-his-back": (
        "Serbia's president Aleksandar Vucic flew to Moscow. Russia has got his back.",
        {("Russia", "supports", "Aleksandar Vučić")}, set()),
    "amount-in-aid-for": (
        "The EU announced 20 million euros in humanitarian aid for Sudan.",
        {("European Union", "providesAid", "Sudan")}, set()),
    "a-bailout-for": (
        "The IMF agreed a bailout for Ghana.",
        {("International Monetary Fund", "funds", "Ghana")}, set()),
    # --- aid whose recipient is named elsewhere -------------------------------------------
    "aid-to-help": (
        "China has been sending aid to help Laos cope with the floods.",
        {("China", "providesAid", "Laos")}, set()),
    "contributed-to-the-package": (
        "The Kenya Ports Authority has secured 40 million dollars of aid for an emergency "
        "repair programme. Japan, Germany and Italy had contributed to the package, an "
        "official said.",
        {("Japan", "providesAid", "Kenya Ports Authority"),
         ("Italy", "providesAid", "Kenya Ports Authority")}, set()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_stance_phenomenon(triples, name):
    check_case(triples, CASES[name])


def test_verdicts_are_unsure(extract):
    """A verdict read from a quote carries a lower confidence than an explicit cue."""
    relations = extract('Spain called Morocco\'s decision "unjustified".').relations
    confidences = [r.confidence for r in relations if r.predicate == "opposes"]
    assert confidences and max(confidences) < 0.7
