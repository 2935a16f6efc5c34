"""Turn the us-atlas TopoJSON (pre-projected for a 975 by 610 canvas) into SVG paths.

The map pages draw states as inline SVG from our own database: no tile server, no
script, nothing fetched from elsewhere. TopoJSON stores each border once as a
delta-encoded, quantised arc; a state's rings list the arcs they follow (a negative
index means the arc reversed, `~index`).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from core.geography import FIPS

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    fips: str
    state: str
    name: str
    path: str
    label: Point


def _arcs(topology: dict) -> list[list[Point]]:
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        if transform is None:
            decoded.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point.
        points.extend(arc[1:] if points else arc)
    return points


def _polygons(geometry: dict) -> Iterator[list[list[int]]]:
    if geometry["type"] == "Polygon":
        yield geometry["arcs"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["arcs"]


def _path(rings: list[list[Point]]) -> str:
    parts = []
    for ring in rings:
        # Whole pixels of the 975-wide canvas: finer detail is invisible and doubles the page.
        rounded = [(round(x), round(y)) for x, y in ring]
        start = rounded[0]
        moves = [f"M{start[0]},{start[1]}"]
        previous = start
        for point in rounded[1:]:
            dx, dy = point[0] - previous[0], point[1] - previous[1]
            if dx or dy:
                moves.append(f"{dx},{dy}")
            previous = point
        if len(moves) < 3:
            continue  # an island smaller than a pixel
        # Relative line-tos after the first point: a third of the size of absolute ones.
        parts.append(moves[0] + ("l" + " ".join(moves[1:]) if len(moves) > 1 else "") + "z")
    return "".join(parts)


def _area(ring: list[Point]) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 2
    )


def state_shapes(topology: dict, *, object_name: str = "states") -> list[Shape]:
    """Return each state's outline and label point from a us-atlas topology."""
    arcs = _arcs(topology)
    shapes = []
    for geometry in topology["objects"][object_name]["geometries"]:
        fips = str(geometry.get("id", "")).zfill(2)
        if fips not in FIPS:
            continue
        rings = [_ring(ring, arcs) for polygon in _polygons(geometry) for ring in polygon]
        rings = [ring for ring in rings if len(ring) >= 3]
        if not rings or not _path(rings):
            continue
        largest = max(rings, key=_area)
        xs, ys = [x for x, _ in largest], [y for _, y in largest]
        shapes.append(
            Shape(
                fips=fips,
                state=FIPS[fips],
                name=geometry.get("properties", {}).get("name", FIPS[fips]),
                path=_path(rings),
                label=(round((min(xs) + max(xs)) / 2, 1), round((min(ys) + max(ys)) / 2, 1)),
            )
        )
    return shapes
