"""Where does the instinct live? Lottery-ticket pruning of innate behaviour (docs/lottery.md).

- `mask`       the validated `Mask` type (a u8[D] handed on inside a .dna genome file)
- `prune`      magnitude pruning, global or per layer, to exact per-level targets
- `controls`   random mask, re-initialised, shuffled and signed-constant controls
- `inputs`     which observation inputs (senses) keep live connections
- `supermask`  fixed weights, evolved top-k mask (Zhou et al. 2019; Ramanujan et al. 2020)
- `evolving`   evolution under a fixed mask with rewinding (Frankle & Carbin 2019)
- `during`     sparsity pressure during evolution (gated connections, a cost per active weight)
- `source`     what is pruned: a run, a genome file or a fresh random network
- `methods`    strong / imp / supermask, one level at a time
- `runner`     the level runner: one folder per level, finished levels skipped on rerun
"""
