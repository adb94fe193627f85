"""How long a producer that sends `Expect: 100-continue` waits for its first BUFFERING acknowledgement, measured
against a running server (docs/benchmarks.md, "PutMedia: time to the first acknowledgement").

    python3 interop/first_ack_latency.py ENDPOINT [RUNS]     (default 10 runs of each producer)

- curl (`-T`, `--aws-sigv4`): from curl sending the request head to curl receiving the data that holds the
  first BUFFERING, both read from curl's own `--trace-time --trace-ascii` log, so curl's start-up is not
  counted. A 4 s test clip made with ffmpeg, to a stream made for the run.
- AWS's C producer library (interop/producer_c, built if needed): from the first frame handed to the library
  to the library's callback for the first BUFFERING; this includes the library starting its PutMedia
  (a thread, signing, the TCP connection), as a camera sees it. Two seconds of live frames per run.

Prints each producer's runs and their minimum, median and maximum in milliseconds.
"""
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from media_support import make_clip  # noqa: E402
from producers import c_producer, run_c_producer  # noqa: E402
from support import ACCESS_KEY, REGION, SECRET_KEY, make_client  # noqa: E402


def curl_first_ack_ms(endpoint, stream_name, clip, trace):
    subprocess.run(["curl", "-sS", "-o", "/dev/null", "--trace-time", "--trace-ascii", trace,
                    "--aws-sigv4", f"aws:amz:{REGION}:kinesisvideo", "--user", f"{ACCESS_KEY}:{SECRET_KEY}",
                    "-H", f"x-amzn-stream-name: {stream_name}", "-H", "x-amzn-fragment-timecode-type: RELATIVE",
                    "-H", f"x-amzn-producer-start-timestamp: {time.time() - 30:.3f}", "-H", "Transfer-Encoding: chunked",
                    "-X", "POST", "-T", clip, endpoint.rstrip("/") + "/putMedia"], check=True, timeout=60)
    sent = received = None
    with open(trace) as lines:
        for line in lines:
            if sent is None and "=> Send header" in line:
                sent = clock(line)
            elif "<= Recv data" in line:
                received = clock(line)
            elif received is not None and "BUFFERING" in line:
                return (received - sent).total_seconds() * 1000
    raise AssertionError(f"no BUFFERING in curl's trace {trace}")


def clock(trace_line):
    return datetime.datetime.strptime(trace_line.split()[0], "%H:%M:%S.%f")


def summary(name, values):
    print(f"{name}: " + " ".join(f"{v:.1f}" for v in values))
    print(f"{name}: min {min(values):.1f} ms, median {statistics.median(values):.1f} ms, max {max(values):.1f} ms")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: first_ack_latency.py ENDPOINT [RUNS]")
    endpoint, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 10
    kvs = make_client(endpoint)
    with tempfile.TemporaryDirectory() as work:
        clip = make_clip(os.path.join(work, "clip.mkv"), 4)
        stream = f"latency-curl-{int(time.time())}"
        kvs.create_stream(StreamName=stream, DataRetentionInHours=1)
        summary("curl", [curl_first_ack_ms(endpoint, stream, clip, os.path.join(work, f"trace-{i}"))
                         for i in range(runs)])
    program = c_producer()
    stream = f"latency-c-{int(time.time())}"
    results = [run_c_producer(program, endpoint, stream, seconds=2) for _ in range(runs)]
    failed = [r.output[-2000:] for r in results if r.returncode != 0 or not r.acks]
    if failed:
        sys.exit(f"the C producer failed: {failed[0]}")
    summary("C producer library", [r.first_buffering_ms() for r in results])


if __name__ == "__main__":
    main()
