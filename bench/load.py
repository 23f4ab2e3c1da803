"""A small HTTP load generator on loopback: threads, http.client, a fixed duration, latencies kept."""

import http.client
import statistics
import threading
import time


def measure(host, port, path, duration, concurrency, headers=None):
    """Request `path` from `concurrency` threads for `duration` seconds; return throughput and latencies."""
    latencies, failures, statuses = [], [0], {}
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        local, local_failures, local_statuses = [], 0, {}
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(host, port, timeout=30)
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                connection.close()
            except OSError:
                local_failures += 1
                continue
            local.append(time.perf_counter() - started)
            local_statuses[response.status] = local_statuses.get(response.status, 0) + 1
            if response.status >= 400:
                local_failures += 1
        with lock:
            latencies.extend(local)
            failures[0] += local_failures
            for status, count in local_statuses.items():
                statuses[status] = statuses.get(status, 0) + count

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "elapsed": time.monotonic() - began, "failures": failures[0], "statuses": statuses}


def combine(total, sample):
    """Add one slice of measurements to the ones before it."""
    if total is None:
        return sample
    statuses = dict(total["statuses"])
    for status, count in sample["statuses"].items():
        statuses[status] = statuses.get(status, 0) + count
    return {
        "latencies": total["latencies"] + sample["latencies"],
        "elapsed": total["elapsed"] + sample["elapsed"],
        "failures": total["failures"] + sample["failures"],
        "statuses": statuses,
    }


def summarise(result):
    """Throughput and latency percentiles of combined measurements."""
    latencies = sorted(result["latencies"])
    return {
        "requests": len(latencies),
        "rps": len(latencies) / result["elapsed"],
        "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else None,
        "failures": result["failures"],
        "statuses": result["statuses"],
    }


def fetch(host, port, path):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    headers = dict(response.getheaders())
    connection.close()
    return response.status, headers, body


WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _milliseconds(text):
    for unit in ("us", "ms", "s", "m"):
        if text.endswith(unit) and text[: -len(unit)].replace(".", "", 1).isdigit():
            return float(text[: -len(unit)]) * WRK_UNITS[unit]
    raise ValueError(f"not a wrk duration: {text!r}")


def measure_wrk(wrk, host, port, path, duration, connections):
    """The same measurement with wrk (C, keep-alive where the server allows it): a Python client on these two
    cores cannot load an HTTP cache hard enough to see its limit."""
    import subprocess

    threads = min(2, connections)
    result = subprocess.run(
        [wrk, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency", "--timeout", "10s",
         f"http://{host}:{port}{path}"],
        capture_output=True, text=True, check=True,
    )
    out, summary = result.stdout, {}
    for line in out.splitlines():
        parts = line.split()
        if line.strip().startswith(("50%", "99%")) and len(parts) == 2:
            summary[f"p{parts[0].rstrip('%')}_ms"] = _milliseconds(parts[1])
        elif line.startswith("Requests/sec:"):
            summary["rps"] = float(parts[1])
        elif "requests in" in line:
            summary["requests"] = int(parts[0])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            summary["failures"] = int(parts[-1])
        elif line.strip().startswith("Socket errors:"):
            summary["socket_errors"] = line.strip()
    summary.setdefault("failures", 0)
    return summary


def combine_wrk(total, sample):
    """Slices of one page's wrk runs: throughput over all of them, the median p50 and the worst p99."""
    slices = (total or {"slices": []})["slices"] + [sample]
    requests = sum(s["requests"] for s in slices)
    seconds = sum(s["requests"] / s["rps"] for s in slices if s["rps"])
    return {
        "slices": slices,
        "requests": requests,
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": statistics.median(s["p50_ms"] for s in slices),
        "p99_ms": max(s["p99_ms"] for s in slices),
        "failures": sum(s["failures"] for s in slices),
    }
