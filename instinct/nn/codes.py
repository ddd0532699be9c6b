"""The integer codes that name activations and output mappings inside Numba kernels.

Defined once, here, without importing Numba: the Python side (`Architecture`, the genome
generators) maps names to codes through these tables, the kernels branch on the same constants.
"""

TANH, RELU, SIGMOID, ELU, LINEAR, SIN = 0, 1, 2, 3, 4, 5
GAUSS = 6  # generator networks only (cppn, gnet): a bell curve, (1 + x^2/8)^-8

# Hidden activations a policy network may use.
ACTIVATIONS = {"tanh": TANH, "relu": RELU, "sigmoid": SIGMOID, "elu": ELU, "linear": LINEAR,
               "sin": SIN}  # fmt: skip
# Units a genome's generator network may use (instinct.genome.pairwise).
GENERATOR_UNITS = {"tanh": TANH, "sin": SIN, "gauss": GAUSS, "linear": LINEAR}

# Output mappings: Discrete actions take the argmax of the logits, Box actions tanh squashed
# into the action bounds.
ARGMAX, TANH_BOX = 0, 1
OUTPUTS = {"argmax": ARGMAX, "tanh": TANH_BOX}
