"""`bkg timeline A B`: two states month by month, on texts written for the test, dated by
their file names (the way news archives name files)."""
import pytest

from bilateral_kg.cli import main

TEXTS = {
    "2024-01-15-kenya-ethiopia.txt": "Kenya signed a trade agreement with Ethiopia on Monday.",
    "2024-03-02-kenya-ethiopia.txt":
        "Kenya condemned Ethiopia's decision to close the border. "
        "Ethiopia criticised Kenya's new tariffs.",
    "2024-03-20-ghana-togo.txt": "Ghana praised Togo for its help.",
}


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory):
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("timeline")
    for name, text in TEXTS.items():
        (folder / "texts").mkdir(exist_ok=True)
        (folder / "texts" / name).write_text(text + "\n", encoding="utf-8")
    store = folder / "store"
    result = CliRunner().invoke(main, ["ingest", str(folder / "texts"), "--store", str(store),
                                       "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return store


def _timeline(store, *args):
    from click.testing import CliRunner

    return CliRunner().invoke(
        main, ["timeline", *map(str, args), "--store", str(store)], catch_exceptions=False)


def test_months_are_rows_with_relation_counts_and_net_cooperation(dated_store):
    result = _timeline(dated_store, "KEN", "Ethiopia")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines[0].split()
    assert header[0] == "month" and header[-1] == "net"
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert sorted(rows) == ["2024-01", "2024-03"]
    assert float(rows["2024-01"][-1]) > 0 > float(rows["2024-03"][-1])  # cooperation, then conflict
    # both directions count: Kenya's condemnation and Ethiopia's criticism
    assert sum(int(c) for c in rows["2024-03"][1:-1]) >= 2


def test_the_html_chart_has_a_bar_per_month_and_the_evidence_by_date(dated_store, tmp_path):
    out = tmp_path / "dyad.html"
    assert _timeline(dated_store, "Kenya", "ETH", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('class="month"') == 2 and "<script" not in page
    assert page.index("2024-01-15") < page.index("2024-03-02")
    assert "condemned Ethiopia" in page


def test_a_pair_with_nothing_between_them_says_so(dated_store):
    result = _timeline(dated_store, "Ghana", "Kenya")
    assert result.exit_code == 0 and "no dated relations between Ghana and Kenya" in result.stdout


def test_unknown_states_and_missing_folders_are_plain_errors(dated_store, tmp_path):
    result = _timeline(dated_store, "KEN", "Nobodyland")
    assert result.exit_code == 1 and "no entity matches 'Nobodyland'" in result.stderr
    result = _timeline(dated_store, "KEN", "ETH", "-o", tmp_path / "no" / "x.html")
    assert result.exit_code == 1 and "does not exist" in result.stderr
