"""The README's two commands are the contract; CI must run the very same test command."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bash_blocks(text):
    return re.findall(r"```bash\n(.*?)```", text, re.S)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_commands = [b.strip() for b in _bash_blocks(readme) if "pytest" in b]
    assert test_commands, "the README has no test command"
    assert test_commands[0] in ci


def test_readme_main_command_runs_the_sample_corpus():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    main = _bash_blocks(readme)[0]
    assert "bkg ingest seeds/" in main and "pip install" in main


def test_every_example_query_named_in_the_readme_exists():
    from bilateral_kg.graph.examples import example_queries

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r"bkg query -e ([\w-]+)", readme))
    assert names and names <= set(example_queries())
