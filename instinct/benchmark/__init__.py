"""`instinct bench`'s pieces: workloads, interleaved timing, the optional hand-tuned reference."""
