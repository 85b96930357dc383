"""
One web rendition, made the way the task worker makes it, in a process of its own so that its
peak memory is its own: `python -m tests.perf.transcode_worker SOURCE OUTPUT`.

Prints one JSON line: the probe's and the transcode's wall times, the process's resident
memory after start-up and its peak during the work (VmHWM, reset once start-up is done).
"""

import json
import sys
import time

from tests.perf.memory import peak_rss, reset_peak_rss, rss


def main(source: str, output: str) -> dict:
    import django

    django.setup()
    from submissions.video import make_web_rendition, probe

    reset = reset_peak_rss()
    baseline = rss()
    started = time.perf_counter()
    info = probe(source)
    probed = time.perf_counter()
    rendition = make_web_rendition(source, info, output)
    done = time.perf_counter()
    return {
        "probe_seconds": probed - started,
        "transcode_seconds": done - probed,
        "baseline_rss": baseline,
        "peak_rss": peak_rss() if reset else None,
        "width": rendition.width,
        "height": rendition.height,
        "duration": rendition.duration,
        "size": rendition.size,
        "reencoded": rendition.reencoded,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
