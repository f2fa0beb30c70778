#!/usr/bin/env python3
"""Where the hub's CPU goes during bench/inference.sh's throughput phase, from a JFR recording.

Record it while the phase runs (it prints "2/3 throughput"):
    BENCH_HUB_JAVA_OPTS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:FlightRecorderOptions:stackdepth=512" \
        bench/inference.sh &
    jcmd <hub pid> JFR.start duration=40s filename=/tmp/tp.jfr settings=profile
then:  bench/inference-profile.py /tmp/tp.jfr
Prints the share of execution samples by kind of request and by the library on top of the stack.
"""
import collections
import re
import subprocess
import sys

text = subprocess.run(["jfr", "print", "--stack-depth", "512", "--events", "jdk.ExecutionSample", sys.argv[1]],
                      check=True, capture_output=True, text=True).stdout
LIBS = [("org.postgresql", "pgjdbc"), ("com.zaxxer", "hikari"), ("tools.jackson", "jackson"), ("com.fasterxml", "jackson"),
        ("org.springframework.security", "spring-security"), ("io.micrometer", "micrometer (observations)"),
        ("org.springframework.web", "spring-web/mvc"), ("org.springframework.jdbc", "spring-jdbc"),
        ("org.springframework.transaction", "spring-tx"), ("org.springframework", "spring (other)"),
        ("org.apache.catalina", "tomcat"), ("org.apache.coyote", "tomcat"), ("org.apache.tomcat", "tomcat"),
        ("org.hibernate", "hibernate"), ("org.selfhub", "hub code"), ("java.", None), ("jdk.", None), ("sun.", None)]
KINDS = [("InferenceController.post", "client POST /hf-inference (handler)"),
         ("WorkerProtocolController.result", "worker PUT result (handler)"),
         ("WorkerProtocolController.lease", "worker lease call (handler)"),
         ("WorkerProtocolController.heartbeat", "worker heartbeat (handler)"),
         ("RepoInfoController", "GET /api/models reference (handler)"),
         ("AsyncContextImpl", "async re-dispatch answering held requests (filters, observations)"),
         ("InferenceScheduler", "scheduler threads (claims)"),
         ("JobSignals", "LISTEN thread"),
         ("CoyoteAdapter", "request plumbing outside handlers (filter chain, security, observations)"),
         ("NioEndpoint", "tomcat I/O"), ("Http11", "tomcat I/O")]


def lib(frame):
    for prefix, name in LIBS:
        if frame.startswith(prefix):
            return name
    return frame.rsplit(".", 2)[0]


kinds, libs = collections.Counter(), collections.Counter()
samples = text.split("jdk.ExecutionSample")[1:]
for sample in samples:
    frames = re.findall(r"^\s+([\w.$<>]+)\(", sample, re.M)
    if not frames:
        continue
    joined = " ".join(frames)
    kinds[next((name for key, name in KINDS if key in joined), "other")] += 1
    libs[next((lib(f) for f in frames if lib(f)), "jdk")] += 1
n = max(1, sum(kinds.values()))
print(f"{n} execution samples\n\n| request kind | share |\n|---|---|")
for k, v in kinds.most_common():
    print(f"| {k} | {100 * v / n:.0f} % |")
print("\n| code on top of the stack (first non-JDK frame) | share |\n|---|---|")
for k, v in libs.most_common(12):
    print(f"| {k} | {100 * v / n:.0f} % |")
