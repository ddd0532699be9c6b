"""instinct: evolve genomes that grow neural networks with innate behaviour, and find the sparse
subnetworks (lottery tickets) where that behaviour lives.

Importing instinct registers its Gymnasium environments (`instinct/Hatchling-v0`, ...).
"""

from instinct.interrupt import quiet_when_run_as_the_command

quiet_when_run_as_the_command()  # before the slow imports: Ctrl-C there gives no traceback

import instinct_envs  # noqa: E402, F401  (registers instinct's worlds with gymnasium)

__version__ = "0.1.0"
