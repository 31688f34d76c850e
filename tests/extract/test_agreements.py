"""Unnamed agreements keep the text's words, and every party signs them."""
from __future__ import annotations


def _agreements(extraction):
    return {e.label: e for e in extraction.entities.values() if e.type == "Agreement"}


def test_unnamed_agreement_keeps_the_text_words_and_its_head_phrase(extract):
    ex = extract("Kenya and Uganda have signed a bilateral agreement to reschedule "
                 "Uganda's railway debt to Kenya, officials said on Monday.")
    label = "bilateral agreement to reschedule Uganda's railway debt to Kenya"
    assert label in _agreements(ex)
    assert "bilateral agreement" in _agreements(ex)[label].names
    triples = ex.relation_triples()
    assert ("Kenya", "signs", label) in triples and ("Uganda", "signs", label) in triples


def test_two_unnamed_deals_stay_two(extract):
    ex = extract("Ghana signed a $30m deal to buy maize. Months later, Togo signed a deal "
                 "on fisheries with Benin.")
    agreements = [e for e in ex.entities.values() if e.type == "Agreement"]
    assert len(agreements) == 2
    assert "$30m deal" in {e.label for e in agreements}


def test_a_complement_the_parser_hangs_on_the_verb_still_labels_the_deal(extract):
    # "on fisheries" is parsed as the verb's; the label keeps it, a date it does not
    ex = extract("Kenyan Trade Minister Jane Wambui also signed a deal on fisheries. "
                 "Ghana signed a deal on Monday.")
    assert {"deal on fisheries", "deal"} <= set(_agreements(ex))
    assert ("Kenya", "signs", "deal on fisheries") in ex.relation_triples()


def test_accord_between_parties_is_signed_by_each(triples):
    found = triples("Sanctions were eased under the accord between Peru and three "
                    "neighbours - Chile, Bolivia and Ecuador - reached last year.")
    signers = {s for s, p, o in found if p == "signs"}
    assert {"Peru", "Chile", "Bolivia", "Ecuador"} <= signers


def test_hyphenated_pair_in_agreement_signs_it(triples):
    found = triples("The minister also signed a deal on Kenya-Tanzania tourism.")
    assert ("Kenya", "signs", "deal on Kenya-Tanzania tourism") in found
    assert ("Tanzania", "signs", "deal on Kenya-Tanzania tourism") in found


def test_counted_accords_inked_by_the_two_countries(triples):
    found = triples("Vietnam and Laos held talks in Hanoi on Tuesday. "
                    "The two countries inked a dozen accords on energy and transport.")
    signed = {(s, o) for s, p, o in found if p == "signs"}
    assert {("Vietnam", "dozen accords on energy and transport"),
            ("Laos", "dozen accords on energy and transport")} <= signed


def test_agreements_signed_after_talks_are_signed_by_the_parties(triples):
    found = triples("Kenya held talks with Uganda in Nairobi on Monday. "
                    "Several agreements were signed after the talks.")
    assert ("Kenya", "signs", "several agreements") in found
    assert ("Uganda", "signs", "several agreements") in found


def test_deal_formalised_between_firms(triples):
    found = triples("Both governments also formalised a supply deal between the World Bank "
                    "and the African Union.")
    label = "supply deal between the World Bank and the African Union"
    assert {("World Bank", "signs", label), ("African Union", "signs", label)} <= found


def test_pair_speaking_in_a_statement_issues_it(triples):
    found = triples("Chile and Argentina agreed to open two border crossings, "
                    "both countries said in a statement.")
    assert ("Chile", "signs", "statement") in found
    assert ("Argentina", "signs", "statement") in found


def test_agreement_reached_with_someone_unnamed_is_not_guessed(triples):
    found = triples("Kenya held talks with Uganda on Monday. Officials said a water deal "
                    "had been reached with another neighbour.")
    assert not any(p == "signs" for s, p, o in found)


def test_many_signers_do_not_each_cooperate(triples):
    found = triples("Under the treaty between Peru, Chile, Bolivia, Ecuador and Colombia, "
                    "tariffs fell.")
    assert not any(p == "cooperatesWith" for s, p, o in found)


def test_principal_states_come_from_the_lead_and_frequency(nlp):
    from bilateral_kg.extract.lexicon import load_lexicon
    from bilateral_kg.extract.principals import find_principals, principal_pair
    from bilateral_kg.extract.state import Vocabulary, document_state
    from bilateral_kg.ontology.kb import load_kb

    doc = nlp("Kenya and Uganda open new border post\n\nKenya and Uganda opened a border "
              "post on Monday. Officials from Uganda said trade would grow. Kenya agreed. "
              "France was not involved.")
    lex = load_lexicon()
    state = document_state(doc, load_kb(), lex, Vocabulary.from_lexicon(lex))
    find_principals(state)
    assert principal_pair(state) == state.principal_states[:2]
    assert set(principal_pair(state)) == {"country/KEN", "country/UGA"}
    assert "country/FRA" not in state.principal_states


def test_memorandum_of_understanding_with_a_party_is_signed_by_both(triples):
    found = triples("Ghana signed a memorandum of understanding with Togo on fisheries.")
    assert {s for s, p, o in found if p == "signs"} == {"Ghana", "Togo"}


def test_a_relative_clause_or_participle_is_not_part_of_the_label(extract):
    ex = extract("Kenya and Tanzania held talks in Nairobi. The visit ended with a joint "
                 "statement in which both countries pledged to expand trade. They also "
                 "signed a deal reached in May.")
    labels = set(_agreements(ex))
    assert "joint statement" in labels and "deal" in labels
    assert not any("which" in label or "reached" in label for label in labels)


def test_an_unnamed_agreement_is_also_called_by_its_two_signers(extract):
    ex = extract("Kenya and Tanzania signed a trade agreement on Monday.")
    names = _agreements(ex)["trade agreement"].aliases
    assert {"Kenya-Tanzania trade agreement", "Tanzania-Kenya trade agreement"} <= names
