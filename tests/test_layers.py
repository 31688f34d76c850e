"""The layering contract (pyproject.toml, [tool.importlinter]) holds: data flows one way."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_imports_follow_the_layers():
    result = subprocess.run(["bash", str(ROOT / ".ci" / "layers")], capture_output=True,
                            text=True, env={"PYTHON": sys.executable, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
