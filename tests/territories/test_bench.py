from epop.core import bench


def test_figures_are_printed_as_one_greppable_line_each():
    lines = []
    report = bench.Report(write=lines.append)
    report.current = "communes"

    report.figure("communes.autocomplete.p50_ms", 3.14159, "ms")
    report.figure("communes.autocomplete.requests", 300, "requêtes")

    assert lines == [
        "bench: communes.autocomplete.p50_ms 3.14 ms",
        "bench: communes.autocomplete.requests 300 requêtes",
    ]
    table = report.table().splitlines()
    assert table[0].split() == ["banc", "mesure", "valeur", "unité"]
    assert table[2].split() == ["communes", "communes.autocomplete.p50_ms", "3.14", "ms"]


def test_the_communes_benchmark_is_discovered_from_the_territories_app():
    assert "communes" in bench.available()
