"""Mentions and linking: names, acronyms, demonyms, titles, short forms, typed names."""


def _entities(extract, text):
    return {e.key: e for e in extract(text).entities.values()}


def test_kb_names_acronyms_and_wikidata(extract):
    entities = _entities(extract, "The GDI and the Belt and Road Initiative were discussed at "
                                  "the UN with the People's Republic of China.")
    assert {"policy/GDI", "policy/BRI", "org/UN", "country/CHN"} <= set(entities)
    assert entities["country/CHN"].wikidata == "Q148"
    assert "People's Republic of China" in entities["country/CHN"].names


def test_short_form_links_to_the_full_name(extract):
    ex = extract("Ghanaian Foreign Minister Kwame Mensah Boateng arrived in Accra. "
                 "Boateng later met reporters.")
    person = ex.entities["person/kwame-mensah-boateng"]
    assert person.type == "Person"
    assert {"Kwame Mensah Boateng", "Boateng"} <= person.names


def test_typed_proper_names_are_kept(extract):
    entities = _entities(extract, "Work began on the Kazungula Solar Power Plant and the "
                                  "Great Lakes Railway Corridor in 2023.")
    types = {e.label: e.type for e in entities.values()}
    assert types.get("Kazungula Solar Power Plant") == "Project"
    assert types.get("Great Lakes Railway Corridor") == "Project"


def test_acronym_defined_in_the_text(extract):
    ex = extract("The Zambezi River Authority (ZRA) met on Monday. Zimbabwe praised the ZRA.")
    (relation,) = [r for r in ex.relations if r.predicate == "praises"]
    assert ex.entities[relation.object].label == "Zambezi River Authority"


def test_dates_and_amounts_are_not_entities(extract):
    entities = _entities(extract, "On Monday, 14 March 2024, China pledged $3 billion.")
    assert set(entities) == {"country/CHN"}


def test_demonym_alone_does_not_make_a_mention_name(extract):
    ex = extract("Chinese medical teams arrived in Lesotho.")
    assert "Chinese" not in ex.entities["country/CHN"].names if "country/CHN" in ex.entities else True


def test_the_end_of_a_full_name_is_that_person(extract):
    ex = extract("Ghanaian Energy Minister Fernando Ruiz Castillo arrived in Lome. Ruiz Castillo "
                 "met Togolese Foreign Minister Kofi Mensah on Monday.")
    people = [e.label for e in ex.entities.values() if e.type == "Person"]
    assert "Ruiz Castillo" not in people
    assert ("Ghana", "meetsWith", "Togo") in ex.relation_triples() or (
        "Togo", "meetsWith", "Ghana") in ex.relation_triples()


def test_names_written_without_their_accents_are_the_kb_names(extract):
    ex = extract("Ghanaian President John Mahama met Togolese President Faure Gnassingbe in "
                 "Lome. Male voters in Bogota backed the plan.")
    keys = set(ex.entities)
    assert {"place/lome", "place/bogota"} <= keys and "place/male" not in keys
    assert ("John Mahama", "visits", "Togo") in ex.relation_triples()


def test_a_surname_without_its_accents_is_the_person_named_before(extract):
    ex = extract("Argentine President Alberto Fernandez met Chilean President Gabriel Boric. "
                 "Later, Boric praised Fernandez.")
    assert not [e for e in ex.entities.values() if e.label == "Fernandez"]
    assert ("Gabriel Boric", "praises", "Alberto Fernández") in ex.relation_triples()
