#!/usr/bin/env python3
"""Writes N prediction events shaped like the agent's, for measuring the command line (docs/PERFORMANCE.md), and
the model_stats event the agent writes once a minute per model version.

Usage: gen_events.py N OUT.jsonl [FIELDS]: FIELDS input fields per prediction, 10 by default (about 840 bytes a
line; 5 make about 640)."""
import json, random, sys
random.seed(1)
n = int(sys.argv[1])
fields = ["age", "amount", "balance", "count", "country", "days_active", "income_k", "score_a", "score_b", "tenure"]
fields = fields[:int(sys.argv[3])] if len(sys.argv) > 3 else fields
with open(sys.argv[2], "w") as out:
    for i in range(n):
        v = {"age": random.randint(18, 80), "amount": round(random.gauss(100, 10), 2), "balance": round(random.uniform(0, 5e4), 2),
             "count": random.randint(0, 9), "days_active": random.randint(0, 999), "income_k": round(random.gauss(60, 15), 1),
             "score_a": round(random.random(), 6), "score_b": round(random.random(), 6), "tenure": random.randint(0, 30)}
        v = {k: x for k, x in v.items() if k in fields}
        fail = random.random() < 0.02
        e = {"event": "prediction_failure" if fail else "prediction_success", "level": "ERROR" if fail else "INFO",
             "timestamp": "2026-11-27T%02d:%02d:%02d.%03dZ" % (i // 3600000 % 24, i // 60000 % 60, i // 1000 % 60, i % 1000),
             "schema": 1, "service": "churn-api", "host": "node-7", "pid": 4242, "event_id": "12b7946ecd685390%016x" % (i + 1),
             "thread": "worker-%d" % (i % 16),
             "request_id": "%032x" % random.getrandbits(128), "target": "score", "method": "com.acme.ml.ChurnModel#predict",
             "model_id": "churn", "model_version": "v%d" % (1 + i % 2), "input_hash": "%016x" % random.getrandbits(64),
             "input_size": 412}
        if not fail:
            e["output_hash"] = "%016x" % random.getrandbits(64)
        e["input_seen_before"] = False
        e["latency_ms"] = round(random.lognormvariate(-1.5, 0.5), 3)
        e["input"] = {"type": "java.util.HashMap", "num_fields": len(fields), "field_names": fields, "total_size_bytes": 412, "values": v}
        e["sample_rate"] = 1.0
        if fail:
            e["error_type"] = "java.lang.IllegalArgumentException"; e["error_msg"] = "feature out of range"
        out.write(json.dumps(e, separators=(",", ":")) + "\n")
        if i % 60000 == 59999:  # a minute of event time has passed: one model_stats per version
            for version in ("v1", "v2"):
                s = {"event": "model_stats", "level": "INFO", "timestamp": e["timestamp"], "schema": 1, "service": "churn-api",
                     "host": "node-7", "pid": 4242, "event_id": "12b7946ecd685391%016x" % (i + 1 + (version == "v2")),
                     "thread": "predlog-stats", "target": "score", "model_id": "churn", "model_version": version,
                     "window_start": e["timestamp"][:17] + "00.000Z", "calls": 30000, "errors": 600,
                     "latency_ms": {"p50": 0.22, "p95": 0.5, "p99": 0.71, "max": 2.9}}
                out.write(json.dumps(s, separators=(",", ":")) + "\n")
