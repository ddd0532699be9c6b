"""`instinct watch`: a pygame viewer of genomes at work, and recording to GIF or PNG frames.

pygame is imported only inside the modules that draw (app, hud, record), never at import instinct.
`clutch` (the simulation of many agents of one world) needs only numpy and Numba.
"""
