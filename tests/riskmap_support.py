"""A dozen townships across the divisions (names real, codes and boundaries made up: small squares
around a point inside each division), as the office's .csv list and GeoJSON boundaries."""
from __future__ import annotations

import csv
import json
from pathlib import Path

# (division, township, code, (longitude, latitude) of a point inside it)
TOWNSHIPS = [
    ("鹿城区", "五马街道", "330302001000", (120.655, 28.015)),
    ("鹿城区", "松台街道", "330302002000", (120.625, 28.005)),
    ("龙湾区", "永中街道", "330303001000", (120.82, 27.93)),
    ("瓯海区", "景山街道", "330304001000", (120.62, 27.96)),
    ("瓯海区", "泽雅镇", "330304101000", (120.55, 27.99)),
    ("乐清市", "城东街道", "330382001000", (120.985, 28.125)),
    ("乐清市", "柳市镇", "330382101000", (120.88, 28.07)),
    ("瑞安市", "安阳街道", "330381001000", (120.655, 27.78)),
    ("永嘉县", "北城街道", "330324001000", (120.69, 28.155)),
    ("平阳县", "昆阳镇", "330326101000", (120.565, 27.665)),
    ("苍南县", "灵溪镇", "330327101000", (120.415, 27.505)),
    ("泰顺县", "罗阳镇", "330329101000", (119.715, 27.557)),
]
LEVELS = {"五马街道": "高", "永中街道": "高", "松台街道": "中", "城东街道": "中", "灵溪镇": "中",
          "景山街道": "低", "柳市镇": "低", "安阳街道": "低", "昆阳镇": "低"}


def square(lon: float, lat: float, half: float = 0.012) -> dict:
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half],
            [lon - half, lat - half]]
    return {"type": "Polygon", "coordinates": [ring]}


def write_csv(path: Path, rows=None) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["县（市、区）", "乡镇（街道）", "代码"])
        for division, name, code, *_ in rows if rows is not None else TOWNSHIPS:
            writer.writerow([division, name, code])
    return path


def feature(division: str, name: str, code: str, point, geometry=None) -> dict:
    return {"type": "Feature", "properties": {"县（市、区）": division, "乡镇（街道）": name, "代码": code},
            "geometry": geometry or square(*point)}


def write_geojson(path: Path, features=None) -> Path:
    features = features if features is not None else [feature(*t) for t in TOWNSHIPS]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path
