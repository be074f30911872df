"""`make bench`: load-test the public site and the API as production serves them.

For each corpus size (the seed corpus, `manage.py load_corpus`; 10,000 and 100,000 synthetic
profiles, `bench/generate.py`) it:

1. drops and recreates a PostgreSQL database (<prefix><size>), migrates, loads, ANALYZEs (pages and
   payloads are rendered at publish, as production does);
2. counts the queries of every scenario in-process (bench/queries.py), cold and warm cache;
3. starts the production stack from deploy/: gunicorn with deploy/gunicorn.conf.py and nginx with
   deploy/nginx/exodus-locations.conf, on 127.0.0.1; drives each URL with wrk through nginx (Redis
   page cache on, baked pages from disk), then straight to gunicorn with the page cache off
   (PUBLIC_CACHE_SECONDS=0: every request does its work in Django), and the profile page's bytes
   served by nginx as a plain file (the ceiling);
4. measures publishing one profile and streaming the export in-process (bench/probes.py);
5. prints a table and compares the sizes.

Everything stays on 127.0.0.1, every run is bounded in time, and servers are stopped on exit,
error or Ctrl-C. Results are also written to var/bench/ (Markdown and JSON).

Long: one script that `make bench` runs top to bottom, its steps sharing the arguments and the
results; nothing in the application imports it (tests/test_architecture.py).

    .venv/bin/python bench/run.py --help
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECRET = "bench-only-secret-key-never-used-in-production-5f2c9a7e1b3d4c6a8e0f"
SIZES = {"demo": None, "10k": 10_000, "100k": 100_000}
# How each scenario is reached; both use the Redis of --redis, as production must.
VIAS = {
    "nginx": "through nginx (deploy/nginx): baked pages from disk, the Redis page cache on",
    "gunicorn": "straight to gunicorn, page cache off (PUBLIC_CACHE_SECONDS=0)",
}
VIA_ENV = {"nginx": {}, "gunicorn": {"PUBLIC_CACHE_SECONDS": "0"}}
NOT_AVAILABLE = "not available"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="demo,10k,100k", help="Comma-separated: demo, 10k, 100k (default all).")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of wrk per scenario (default 10).")
    parser.add_argument("--warmup", type=int, default=2, help="Seconds of untimed wrk before each scenario.")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2).")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16).")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as deploy/ on 2 cores).")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8105)))
    parser.add_argument("--via", choices=["both", *VIAS], default="both")
    parser.add_argument(
        "--db-prefix", default="exodus_bench_", help="Databases are <prefix><size>, dropped and recreated."
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/14"),
        help="A Redis database the benchmark may empty (default redis://127.0.0.1:6379/14).",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name); databases exodus_bench_<size> are dropped and recreated.",
    )
    parser.add_argument("--reuse", action="store_true", help="Keep a bench database that is already loaded.")
    parser.add_argument("--keep", action="store_true", help="Do not drop the bench databases at the end.")
    parser.add_argument("--output", default=str(ROOT / "var" / "bench"), help="Where to write results.")
    args = parser.parse_args(argv)
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = set(args.sizes) - set(SIZES)
    if unknown:
        parser.error(f"unknown sizes {sorted(unknown)}; use {', '.join(SIZES)}")
    if not re.fullmatch(r"[a-z0-9_]+", args.db_prefix):
        parser.error("--db-prefix: lower-case letters, digits and underscores")
    if not args.postgres.startswith("postgres") or not re.match(r"^postgres(ql)?://[^/]*(:\d+)?/?$", args.postgres):
        parser.error("--postgres must look like postgres://user@127.0.0.1:5432 (without a database name)")
    return args


# PostgreSQL --------------------------------------------------------------------------------------


def admin_connection(server: str):
    import psycopg

    return psycopg.connect(server.rstrip("/") + "/postgres", autocommit=True)


def database_has_profiles(server: str, name: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{server.rstrip('/')}/{name}") as conn:
            return bool(conn.execute("SELECT count(*) FROM profiles_publicprofile").fetchone()[0])
    except psycopg.Error:
        return False


def recreate_database(server: str, name: str) -> None:
    with admin_connection(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(server: str, name: str) -> None:
    with admin_connection(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def analyze(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/{name}", autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def postgres_version(server: str) -> str:
    with admin_connection(server) as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


# Django processes ----------------------------------------------------------------------------------


def django_env(database_url: str, cache_url: str, static_root: str, **extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1:8000",
        SECURE_SSL_REDIRECT="false",
        CACHE_URL=cache_url,
        STATIC_ROOT=static_root,
        LOG_LEVEL="WARNING",
        # Lift the anonymous API limit (60/minute in production): the benchmark measures the
        # endpoints, not the throttle. The throttle still runs on every request.
        API_ANON_RATE="1000000/second",
        PYTHONPATH=str(ROOT),
        PRIVATE_MEDIA_ROOT=str(Path(static_root).parent / "private-media"),
        **extra,
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def generate(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "generate.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"bench/generate.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
        )
    return result.stdout


def load(size: str, env: dict) -> str:
    """Load the corpus of `size`; returns what was loaded, in words."""
    profiles = SIZES[size]
    if size == "demo":
        try:
            manage(env, "load_corpus")
            return "seed corpus (manage.py load_corpus)"
        except RuntimeError as exc:
            log(f"load_corpus failed, using 40 synthetic profiles instead: {str(exc).splitlines()[0]}")
            generate(env, "--profiles", "40")
            return "40 synthetic profiles (load_corpus failed)"
    generate(env, "--profiles", str(profiles), "--no-bake", "--batch-size", "1000")
    return f"{profiles:,} synthetic profiles (bench/generate.py --no-bake)"


def measure_queries(env: dict) -> dict:
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "queries.py")], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench/queries.py failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout)


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Server:
    """A server in its own process group, stopped (TERM, then KILL) whatever happens."""

    def __init__(self, command: list[str], *, env: dict, log_path: Path, ready_url: str):
        self.command, self.env, self.log_path, self.ready_url = command, env, log_path, ready_url
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=self.log_file,
            start_new_session=True,
        )
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited ({self.process.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.command[0]} did not answer within {timeout:.0f}s; see {self.log_path}")

    def __exit__(self, *exc):
        self.stop()
        self.log_file.close()
        return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        pgid = os.getpgid(self.process.pid)
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)


def gunicorn(*, env: dict, port: int, workers: int, log_path: Path) -> Server:
    """gunicorn as deploy/systemd/exodus.service starts it (deploy/gunicorn.conf.py), on 127.0.0.1."""
    if not port_is_free(port):
        raise RuntimeError(f"Port {port} on 127.0.0.1 is busy; pass --port or set BENCH_PORT.")
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers), "LOG_LEVEL": "WARNING"}
    return Server(
        [GUNICORN, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--access-logfile", "/dev/null", "exodus.wsgi"],
        env=env,
        log_path=log_path,
        ready_url=f"http://127.0.0.1:{port}/robots.txt",
    )


NGINX_CONF = """
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
{user}
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/nginx-client;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    upstream exodus_app {{
        server 127.0.0.1:{app_port};
        keepalive 32;
    }}
    # The site as deploy/nginx/exodus.conf serves it, without TLS.
    server {{
        listen 127.0.0.1:{port};
        set $exodus_var {var};
        set $exodus_hsts "";
        include {locations};
    }}
    # The ceiling: a profile page's bytes as a plain file, with the same headers.
    server {{
        listen 127.0.0.1:{ceiling_port};
        root {tmp}/plain;
        location / {{
            charset utf-8;
            add_header Cache-Control "public, no-cache" always;
        }}
    }}
}}
"""


def nginx(*, workdir: Path, var: Path, port: int, app_port: int, ceiling_port: int, log_path: Path) -> Server:
    """nginx with deploy/nginx/exodus-locations.conf in front of gunicorn (one worker: nginx needs
    little of the two cores the app, PostgreSQL and wrk share)."""
    for free in (port, ceiling_port):
        if not port_is_free(free):
            raise RuntimeError(f"Port {free} on 127.0.0.1 is busy; pass --port or set BENCH_PORT.")
    conf = workdir / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            tmp=workdir,
            user="user root;" if os.geteuid() == 0 else "",
            var=var,
            port=port,
            app_port=app_port,
            ceiling_port=ceiling_port,
            locations=ROOT / "deploy" / "nginx" / "exodus-locations.conf",
        )
    )
    return Server(
        [NGINX, "-c", str(conf), "-g", "daemon off;"],
        env=dict(os.environ),
        log_path=log_path,
        ready_url=f"http://127.0.0.1:{port}/robots.txt",
    )


# wrk ---------------------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def parse_wrk(output: str) -> dict:
    result = {"rps": None, "p50_ms": None, "p99_ms": None, "requests": 0, "non_2xx": 0, "socket_errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    if match := re.search(r"^\s*50%\s+(\S+)", output, re.M):
        result["p50_ms"] = to_ms(match.group(1))
    if match := re.search(r"^\s*99%\s+(\S+)", output, re.M):
        result["p99_ms"] = to_ms(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result["non_2xx"] = int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        result["socket_errors"] = sum(int(n) for n in match.groups())
    return result


def wrk(url: str, *, threads: int, connections: int, seconds: int, latency: bool = True) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    if latency:
        command.append("--latency")
    result = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 30, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}: {result.stderr.strip()}")
    return parse_wrk(result.stdout)


# The run -----------------------------------------------------------------------------------------


def probe(env: dict, name: str) -> dict:
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "probes.py"), name], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench/probes.py {name} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout)


def drive(url: str, args) -> dict:
    if args.warmup:
        wrk(url, threads=args.threads, connections=args.connections, seconds=args.warmup, latency=False)
    run = wrk(url, threads=args.threads, connections=args.connections, seconds=args.duration)
    run["result"] = "ok" if not (run["non_2xx"] or run["socket_errors"]) else "errors"
    return run


def bench_size(args, size: str, workdir: Path, logs: Path) -> dict:
    name = f"{args.db_prefix}{size}"
    database_url = f"{args.postgres.rstrip('/')}/{name}"
    var = workdir / size
    for folder in ("baked", "media", "plain"):
        (var / folder).mkdir(parents=True, exist_ok=True)
    static_root = str(workdir / "static")
    paths = {"BAKED_ROOT": str(var / "baked"), "MEDIA_ROOT": str(var / "media")}
    env = django_env(database_url, args.redis, static_root, **paths)
    started = time.monotonic()
    if args.reuse and database_has_profiles(args.postgres, name):
        loaded = "reused an existing bench database"
        log(f"{size}: reusing {name}")
    else:
        log(f"{size}: recreating {name}, migrating and loading")
        recreate_database(args.postgres, name)
        manage(env, "migrate", "--noinput")
        loaded = load(size, env)
    load_seconds = time.monotonic() - started
    started = time.monotonic()
    # Pages and payloads are rendered at publish (publish_profile, load_corpus); the synthetic
    # loader leaves them to this, in two processes, as a deploy renders what a new build changed.
    manage(env, "bake", "--stale", "--processes", "2")
    bake_seconds = time.monotonic() - started
    manage(env, "bake", "--files")  # this run's BAKED_ROOT, for a reused database
    analyze(args.postgres, name)
    log(f"{size}: loaded in {load_seconds:.0f}s ({loaded}); counting queries")
    measured = measure_queries(env)
    profile_path = next(s["path"] for s in measured["scenarios"] if s["name"] == "Profile page")
    slug = profile_path.strip("/").split("/")[-1]
    page = var / "baked" / "profiles" / slug / "index.html"
    if page.exists():
        shutil.copy(page, var / "plain" / "profile.html")
    vias = list(VIAS) if args.via == "both" else [args.via]
    runs = []
    app_port, nginx_port, ceiling_port = args.port, args.port + 1, args.port + 2
    for via in vias:
        via_env = django_env(database_url, args.redis, static_root, **paths, **VIA_ENV[via])
        log(f"{size}: gunicorn ({args.workers} workers) {VIAS[via]}")
        with gunicorn(env=via_env, port=app_port, workers=args.workers, log_path=logs / "gunicorn.log"):
            with nginx(
                workdir=var,
                var=var,
                port=nginx_port,
                app_port=app_port,
                ceiling_port=ceiling_port,
                log_path=logs / "nginx.log",
            ):
                base = f"http://127.0.0.1:{nginx_port if via == 'nginx' else app_port}"
                for scenario in measured["scenarios"]:
                    run = {"scenario": scenario["name"], "path": scenario["path"], "via": via}
                    if scenario["status"] == 404:
                        run["result"] = NOT_AVAILABLE
                    elif scenario["status"] != 200:
                        run["result"] = f"HTTP {scenario['status']}"
                    else:
                        run.update(drive(base + scenario["path"], args))
                        log(f"{size}/{via}: {scenario['name']}: {run['rps']:.0f} req/s, p50 {run['p50_ms']:.1f} ms")
                    runs.append(run)
                if via == "nginx" and page.exists():
                    run = {"scenario": CEILING, "path": "/profile.html", "via": "nginx (plain file)"}
                    run.update(drive(f"http://127.0.0.1:{ceiling_port}/profile.html", args))
                    log(f"{size}: {CEILING}: {run['rps']:.0f} req/s")
                    runs.append(run)
    log(f"{size}: publishing and export, in-process")
    probes = {**probe(env, "publish"), **probe(env, "export")}
    if not args.keep:
        drop_database(args.postgres, name)
    return {
        "size": size,
        "database": name,
        "loaded": loaded,
        "load_seconds": round(load_seconds, 1),
        "bake_seconds": round(bake_seconds, 1),
        **measured,
        "probes": probes,
        "runs": runs,
    }


CEILING = "Profile page as a plain file (nginx ceiling)"


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


# Reporting ---------------------------------------------------------------------------------------


def _fmt(value, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)


def scenario_label(name: str) -> str:
    # The search term differs between corpora; the scenario is the same.
    return re.sub(r" \(q=.*\)$", "", name)


def queries_for(scenario: dict, via: str):
    if scenario["status"] != 200:
        return None
    # Through nginx the page cache is on: what a request costs when it hits (nearly all do).
    return scenario["queries_warm"] if via == "nginx" else scenario["queries_cold"]


def report(results: list[dict], meta: dict) -> str:
    lines = [
        f"Run {meta['date']} on {meta['machine']['cpus']} CPU cores ({meta['machine']['cpu']}), "
        f"PostgreSQL {meta['postgres']}, Python {meta['machine']['python']}; gunicorn {meta['workers']} gthread "
        f"workers (deploy/gunicorn.conf.py), nginx 1 worker (deploy/nginx), wrk -t{meta['threads']} "
        f"-c{meta['connections']} -d{meta['duration']}s over loopback (wrk, nginx, gunicorn and PostgreSQL share "
        "the same cores).",
        "",
    ]
    for result in results:
        corpus = result["corpus"]
        lines.append(
            f"- **{result['size']}**: {result['loaded']}: {corpus['published']:,} published profiles, "
            f"{corpus['timeline_entries']:,} timeline entries, {corpus['excerpts']:,} excerpts, "
            f"{corpus['sources']:,} sources (loaded in {result['load_seconds']:.0f} s, rendering what was missing "
            f"{result.get('bake_seconds', 0):.0f} s). Profile page: `{result['targets']['slug']}`; "
            f"search: `{result['targets']['search']}`."
        )
    lines += [
        "",
        f"Via: nginx = {VIAS['nginx']}; gunicorn = {VIAS['gunicorn']}. Queries/request are counted in-process: "
        "through nginx, what a request that hits the page cache costs; straight to gunicorn, the full database work. "
        "In-process: the median time of one uncached request made alone (django.test.Client), without queueing.",
        "",
        "| Scenario | Corpus | Via | Requests/s | p50 | p99 | Queries/request | In-process |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        queries = {s["path"]: s for s in result["scenarios"]}
        for run in result["runs"]:
            q = queries.get(run["path"])
            count = queries_for(q, run["via"]) if q else None
            if run["result"] in ("ok", "errors"):
                rps = _fmt(run["rps"], "{:,.0f}") + (" (errors!)" if run["result"] == "errors" else "")
                cells = [rps, _fmt(run["p50_ms"], "{:.1f} ms"), _fmt(run["p99_ms"], "{:.1f} ms")]
            else:
                cells = [run["result"], "—", "—"]
            lines.append(
                f"| {scenario_label(run['scenario'])} | {result['size']} | {run['via']} | "
                + " | ".join(cells)
                + f" | {_fmt(count, '{}')} | {_fmt(q.get('inprocess_ms') if q else None, '{:.1f} ms')} |"
            )
    lines += [
        "",
        "| Corpus | Profile page via nginx / plain file | Publish a new version | First publication (register grows) "
        "| Export (JSON Lines) | Export peak memory |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        p = result.get("probes", {})
        lines.append(
            f"| {result['size']} | {_ceiling_ratio(result)} | "
            f"{_fmt(p.get('republish_ms'), '{:.0f} ms')} ({_fmt(p.get('republish_queries'), '{}')} queries) | "
            f"{_fmt(p.get('first_publication_ms'), '{:.0f} ms')} ({_fmt(p.get('first_publication_queries'), '{}')} "
            f"queries) | {_fmt(p.get('export_seconds'), '{:.1f} s')} for {_fmt(p.get('export_lines'), '{:,}')} "
            f"profiles ({_fmt(p.get('export_mb'), '{:.0f} MB')}) | {_fmt(p.get('rss_peak_mb'), '{:.0f} MB')} "
            f"(before: {_fmt(p.get('rss_before_mb'), '{:.0f} MB')}) |"
        )
    for small, large in zip(results, results[1:], strict=False):
        lines += ["", *compare(small, large)]
    return "\n".join(lines)


def _ceiling_ratio(result: dict) -> str:
    rate = {run["scenario"]: run.get("rps") for run in result["runs"] if run["via"] != "gunicorn"}
    page, ceiling = rate.get("Profile page"), rate.get(CEILING)
    return f"{page / ceiling:.0%} ({page:,.0f} / {ceiling:,.0f} req/s)" if page and ceiling else "—"


def compare(small: dict, large: dict) -> list[str]:
    """Queries per request and p50 growth from one corpus to the next."""
    lines = [
        f"| Scenario | Queries {small['size']} → {large['size']} | "
        f"p50 ratio {large['size']}/{small['size']} (nginx) | p50 ratio (gunicorn) | In-process ratio |",
        "|---|---|---:|---:|---:|",
    ]
    small_q = {scenario_label(s["name"]): s for s in small["scenarios"]}
    large_q = {scenario_label(s["name"]): s for s in large["scenarios"]}

    def p50(result, label, via):
        for run in result["runs"]:
            if scenario_label(run["scenario"]) == label and run["via"] == via:
                return run.get("p50_ms")
        return None

    for label, s in small_q.items():
        other = large_q.get(label)
        if other is None or s["status"] != 200 or other["status"] != 200:
            lines.append(f"| {label} | {NOT_AVAILABLE} | — | — | — |")
            continue
        same = (s["queries_cold"], s["queries_warm"]) == (other["queries_cold"], other["queries_warm"])
        change = (
            f"same ({s['queries_cold']} uncached, {s['queries_warm']} cached)"
            if same
            else f"**changed**: {s['queries_cold']}/{s['queries_warm']} → {other['queries_cold']}/{other['queries_warm']}"
        )
        ratios = []
        for via in VIAS:
            a, b = p50(small, label, via), p50(large, label, via)
            ratios.append(f"{b / a:.2f}×" if a and b else "—")
        a, b = s.get("inprocess_ms"), other.get("inprocess_ms")
        ratios.append(f"{b / a:.2f}×" if a and b else "—")
        lines.append(f"| {label} | {change} | {' | '.join(ratios)} |")
    return lines


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        log("wrk is not installed: apt-get install wrk (Debian package), then run make bench again.")
        return 2
    if not Path(GUNICORN).exists():
        log(f"gunicorn not found at {GUNICORN}: run make install")
        return 2
    if not Path(NGINX).exists():
        log("nginx is not installed: apt-get install nginx-light (Debian package), then run make bench again.")
        return 2
    # Ctrl-C or a TERM from make: unwind through the finally blocks, which stop gunicorn.
    signal.signal(signal.SIGTERM, interrupted)
    workdir = Path(tempfile.mkdtemp(prefix="exodus-bench-"))
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    static_root = str(workdir / "static")
    try:
        meta = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine(),
            "postgres": postgres_version(args.postgres),
            "workers": args.workers,
            "threads": args.threads,
            "connections": args.connections,
            "duration": args.duration,
        }
        log("collectstatic into a temporary STATIC_ROOT")
        manage(django_env("sqlite:///:memory:", args.redis, static_root), "collectstatic", "--noinput")
        results = [bench_size(args, size, workdir, output) for size in args.sizes]
        text = report(results, meta)
        print(text)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        (output / f"bench-{stamp}.md").write_text(text + "\n")
        (output / f"bench-{stamp}.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
        log(f"results written to {output}/bench-{stamp}.md and .json")
        return 0
    except KeyboardInterrupt:
        log("interrupted; servers stopped")
        return 130
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
