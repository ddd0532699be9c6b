"""Maps the repository's `envs/` folder to the installed package `instinct_envs`.

Everything else about the package is in pyproject.toml; this file exists only because
setuptools' declarative config cannot rename a folder while still discovering its subpackages,
and a new world must stay one folder with nothing else edited.
"""

from setuptools import find_packages, setup

worlds = [
    "instinct_envs" + name[len("envs") :] for name in find_packages(include=["envs", "envs.*"])
]
setup(
    packages=find_packages(include=["instinct", "instinct.*"]) + worlds,
    package_dir={"instinct_envs": "envs"},
)
