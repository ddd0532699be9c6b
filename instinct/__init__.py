"""instinct: evolve genomes that grow neural networks with innate behaviour, and find the sparse
subnetworks (lottery tickets) where that behaviour lives.

Importing instinct registers its Gymnasium environments (`instinct/Hatchling-v0`, ...).
"""

import instinct_envs  # noqa: F401  (registers instinct's worlds with gymnasium)

__version__ = "0.1.0"
