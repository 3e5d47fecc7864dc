"""The README's fresh-machine commands are the ones CI runs."""

import re

from conftest import REPO


def _bash_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", text, flags=re.S)]


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (REPO / "README.md").read_text()
    quick_start = readme.split("## Quick start on a fresh machine", 1)[1].split("\n## ", 1)[0]
    install_and_run, install_and_test = _bash_blocks(quick_start)[:2]
    assert "pytest" in install_and_test
    ci_lines = [ln.strip() for ln in (REPO / ".ci/run").read_text().splitlines()]
    assert install_and_test in ci_lines
    # torch's CPU wheel must come first in both, or pip pulls a multi-GB CUDA build
    for command in (install_and_run, install_and_test):
        assert command.startswith("pip install torch==2.13.0 && ")


def test_ci_script_fails_on_error():
    script = (REPO / ".ci/run").read_text()
    assert "set -euo pipefail" in script
