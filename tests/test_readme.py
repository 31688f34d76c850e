"""The README's two commands are the contract: the main one runs on the seeds as written,
and CI runs the very same test command."""
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bash_blocks(text):
    return re.findall(r"```bash\n(.*?)```", text, re.S)


def _readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_commands = [b.strip() for b in _bash_blocks(_readme()) if "pytest" in b]
    assert test_commands, "the README has no test command"
    assert test_commands[0] in ci


def test_readme_main_command_runs_on_the_seeds(tmp_path):
    """Every ``bkg`` step of the main command, run as written in a fresh folder with the seeds.

    The install step is proven by a non-editable install of the project into a folder of its
    own (package data included), whose ``bkg`` then runs the steps.
    """
    main = _bash_blocks(_readme())[0].strip()
    steps = [s.strip() for s in main.split("&&")]
    assert steps[0].startswith("python3.11 -m venv") and "pip install -q ." in steps[1]
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(site), str(ROOT)], check=True, capture_output=True)
    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    # The editable install's finder must not fill in what the installed copy lacks.
    isolated = ("import runpy, sys; sys.meta_path[:] = [f for f in sys.meta_path "
                "if 'editable' not in repr(f).lower()]; runpy.run_module('bilateral_kg', "
                "run_name='__main__')")
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("BKG_STORE", None)
    outputs = []
    for step in steps[2:]:
        argv = shlex.split(step)
        assert argv[0] == ".venv/bin/bkg", step
        done = subprocess.run([sys.executable, "-c", isolated, *argv[1:]], cwd=work, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
        outputs.append(done.stdout)
    assert "Lesotho" in "".join(outputs)            # the example query's answer
    assert (work / "kg.html").stat().st_size > 10_000
    assert "country:LSO" in (work / "kg.ttl").read_text(encoding="utf-8")
    assert (work / "bkg-store").is_dir()


def test_every_example_query_named_in_the_readme_exists():
    from bilateral_kg.graph.examples import example_queries

    names = set(re.findall(r"bkg query -e ([\w-]+)", _readme()))
    assert names and names <= set(example_queries())
