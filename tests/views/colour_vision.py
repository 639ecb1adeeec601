"""Colour-vision simulation for palette tests (Viénot, Brettel and Mollon, 1999).

Dichromat simulation in linear RGB with the matrices of Viénot et al. ("Digital video
colourmaps for checking the legibility of displays by dichromats", Color Research and
Application 24(4), 1999) for protanopia and deuteranopia, and of Machado, Oliveira and
Fernandes (2009, severity 1.0) for tritanopia; colour difference is CIE76 (Euclidean
distance in CIELAB).
"""

from __future__ import annotations

import math

SIMULATIONS: dict[str, tuple[tuple[float, float, float], ...]] = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0),
                   (0.00401, -0.00401, 1.0)),
    "deuteranopia": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0),
                     (-0.02234, 0.02234, 1.0)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.3039)),
}


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: str, vision: str) -> tuple[float, float, float]:
    """CIELAB of ``#rrggbb`` as a reader with this colour vision sees it."""
    rgb = [_linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5)]
    matrix = SIMULATIONS[vision]
    mixed = tuple(sum(matrix[row][k] * rgb[k] for k in range(3)) for row in range(3))
    return _lab((mixed[0], mixed[1], mixed[2]))


def difference(a: str, b: str, vision: str) -> float:
    """CIE76 colour difference of two colours for a reader with this colour vision."""
    return math.dist(seen(a, vision), seen(b, vision))
