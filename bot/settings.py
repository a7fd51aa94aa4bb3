"""Settings from the environment (a ``.env`` file may supply them), passed in explicitly."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"


def default_data_dir(env: Mapping[str, str]) -> Path:
    """The user's data directory for vmdoctor (XDG on Linux, the usual places elsewhere)."""
    home = Path(env.get("HOME") or Path.home())
    if sys.platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "vmdoctor"


def _dotenv(path: Path) -> dict[str, str]:
    """``KEY=value`` lines of a .env file; comments and malformed lines are ignored."""
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return values
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if key:
            values[key] = value
    return values


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    chroma_url: str | None = None

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, dotenv: Path | None = None
    ) -> Settings:
        """Read settings; real environment variables win over the ``.env`` file."""
        source = dict(_dotenv(dotenv if dotenv is not None else Path.cwd() / ".env"))
        source.update(os.environ if env is None else env)
        data_dir = source.get("VMDOCTOR_DATA_DIR") or str(default_data_dir(source))
        knowledge = source.get("VMDOCTOR_KNOWLEDGE_DIR") or str(DEFAULT_KNOWLEDGE_DIR)
        return cls(
            data_dir=Path(data_dir).expanduser(),
            knowledge_dir=Path(knowledge).expanduser(),
            chroma_url=source.get("VMDOCTOR_CHROMA_URL") or None,
        )
