"""Transfer: where an instinct works and where it fails (issue 13).

Genomes evolved in one world are tested at birth in others (`matrix`), over light intensities and
colours (`sweep`); each cell keeps the tracks' end points (`tracks`), from which `measures` takes
the birth score and the field biologists' measures (`circular`: mean bearing, r, Rayleigh test).
`table` holds the resumable CSV, `figures` draws the heatmap, the fans and the sweep.
"""
