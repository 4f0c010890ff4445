"""Read ``mkdocs.yml`` without MkDocs, for the command-line tools (``python -m review_site citation-cff``).

Only plain values are interpreted: MkDocs' ``!ENV`` tag (https://www.mkdocs.org/user-guide/configuration/#environment-variables)
is resolved from the environment by the library MkDocs uses for it (pyyaml-env-tag); every other tag (``!relative``, ``!!python/name:``) is kept as its text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag  # pyyaml-env-tag: the !ENV of MkDocs itself (a dependency of mkdocs)


class _Loader(yaml.SafeLoader):
    """SafeLoader that knows ``!ENV`` and keeps any other tag's value as text."""


def _other(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_Loader.add_constructor("!ENV", construct_env_tag)
_Loader.add_multi_constructor("!", _other)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other)


def read_config(path: str | Path) -> dict[str, Any]:
    """The settings of ``mkdocs.yml`` as a dict (``site_url``, ``extra``, …), ``!ENV`` resolved.

    Raises:
        OSError: the file cannot be read; yaml.YAMLError: it is not YAML.
    """
    return yaml.load(Path(path).read_text(encoding="utf-8"), _Loader) or {}
