"""The parts of bench/run.py that need no server: reading wrk's output and writing the report."""

import pytest

from bench.run import NOT_AVAILABLE, compare, parse_args, parse_wrk, report, to_ms

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8105/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.10ms    3.20ms  61.33ms   88.12%
    Req/Sec     1.13k   104.22     1.35k    71.00%
  Latency Distribution
     50%    6.21ms
     75%    7.90ms
     90%   10.11ms
     99%    1.02s
  22512 requests in 10.01s, 137.33MB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:   2249.81
Transfer/sec:     13.72MB
"""


def test_wrk_output_is_read_into_numbers():
    assert parse_wrk(WRK_OUTPUT) == {
        "rps": 2249.81,
        "p50_ms": 6.21,
        "p99_ms": 1020.0,
        "requests": 22512,
        "non_2xx": 3,
        "socket_errors": 2,
    }


def test_latencies_in_every_wrk_unit_become_milliseconds():
    assert to_ms("850.00us") == pytest.approx(0.85)
    assert to_ms("12.5ms") == 12.5
    assert to_ms("2.00s") == 2000.0
    assert to_ms("1.00m") == 60_000.0
    with pytest.raises(ValueError):
        to_ms("fast")


def scenario(name, path, status=200, cold=5, warm=0, ms=None):
    return {
        "name": name,
        "path": path,
        "status": status,
        "queries_cold": cold,
        "queries_warm": warm,
        "inprocess_ms": ms,
    }


def run(name, path, via, p50, result="ok"):
    return {
        "scenario": name,
        "path": path,
        "via": via,
        "result": result,
        "rps": 100.0,
        "p50_ms": p50,
        "p99_ms": p50 and p50 * 3,
        "non_2xx": 0,
        "socket_errors": 0,
    }


def result(size, scenarios, runs, search):
    return {
        "size": size,
        "loaded": size,
        "load_seconds": 1,
        "corpus": {"published": 3, "timeline_entries": 9, "excerpts": 4, "sources": 1},
        "targets": {"slug": "a", "search": search},
        "probes": {"republish_ms": 40.0, "republish_queries": 90, "export_seconds": 1.5, "export_lines": 3},
        "scenarios": scenarios,
        "runs": runs,
    }


def test_the_report_compares_queries_and_p50_between_sizes_and_marks_missing_urls():
    small = result(
        "demo",
        [
            scenario("Home page", "/", ms=4.0),
            scenario("Search (q=Loshak)", "/profiles/?q=Loshak", cold=6),
            scenario("API changes feed", "/api/v1/changes/", status=404),
        ],
        [
            run("Home page", "/", "nginx", 2.0),
            run("Home page", "/", "gunicorn", 10.0),
            run("Search (q=Loshak)", "/profiles/?q=Loshak", "gunicorn", 20.0),
            run("API changes feed", "/api/v1/changes/", "nginx", None, result=NOT_AVAILABLE),
        ],
        "Loshak",
    )
    large = result(
        "10k",
        [
            scenario("Home page", "/", ms=6.0),
            scenario("Search (q=Ivanova)", "/profiles/?q=Ivanova", cold=7),
            scenario("API changes feed", "/api/v1/changes/", status=404),
        ],
        [
            run("Home page", "/", "nginx", 3.0),
            run("Home page", "/", "gunicorn", 12.5),
            run("Search (q=Ivanova)", "/profiles/?q=Ivanova", "gunicorn", 50.0),
            run("API changes feed", "/api/v1/changes/", "nginx", None, result=NOT_AVAILABLE),
        ],
        "Ivanova",
    )
    lines = compare(small, large)
    assert "| Home page | same (5 uncached, 0 cached) | 1.50× | 1.25× | 1.50× |" in lines
    assert "| Search | **changed**: 6/0 → 7/0 | — | 2.50× | — |" in lines
    assert f"| API changes feed | {NOT_AVAILABLE} | — | — | — |" in lines

    text = report(
        [small, large],
        {
            "date": "today",
            "machine": {"cpus": 2, "cpu": "x", "python": "3.11"},
            "postgres": "15",
            "workers": 3,
            "threads": 2,
            "connections": 16,
            "duration": 10,
        },
    )
    assert f"| API changes feed | demo | nginx | {NOT_AVAILABLE} | — | — | — | — |" in text
    assert "| Home page | 10k | gunicorn | 100 | 12.5 ms | 37.5 ms | 5 | 6.0 ms |" in text
    assert "| Home page | 10k | nginx | 100 | 3.0 ms | 9.0 ms | 0 | 6.0 ms |" in text
    assert "| 10k | — | 40 ms (90 queries) | — (— queries) | 1.5 s for 3 profiles (—) | — (before: —) |" in text


def test_options_are_checked():
    assert parse_args(["--sizes", "demo"]).sizes == ["demo"]
    assert parse_args([]).sizes == ["demo", "10k", "100k"]
    with pytest.raises(SystemExit):
        parse_args(["--sizes", "huge"])
    with pytest.raises(SystemExit):
        parse_args(["--postgres", "postgres://postgres@127.0.0.1:5432/production"])
