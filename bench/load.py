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
