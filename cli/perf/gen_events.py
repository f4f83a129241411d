#!/usr/bin/env python3
"""Writes N prediction events shaped like the agent's, for measuring the command line (docs/PERFORMANCE.md).

Usage: gen_events.py N OUT.jsonl"""
import json, random, sys
random.seed(1)
n = int(sys.argv[1])
fields = ["age", "amount", "balance", "count", "country", "days_active", "income_k", "score_a", "score_b", "tenure"]
with open(sys.argv[2], "w") as out:
    for i in range(n):
        v = {"age": random.randint(18, 80), "amount": round(random.gauss(100, 10), 2), "balance": round(random.uniform(0, 5e4), 2),
             "count": random.randint(0, 9), "days_active": random.randint(0, 999), "income_k": round(random.gauss(60, 15), 1),
             "score_a": round(random.random(), 6), "score_b": round(random.random(), 6), "tenure": random.randint(0, 30)}
        fail = random.random() < 0.02
        e = {"event": "prediction_failure" if fail else "prediction_success", "level": "ERROR" if fail else "INFO",
             "timestamp": "2026-11-27T%02d:%02d:%02d.%03dZ" % (i // 3600000 % 24, i // 60000 % 60, i // 1000 % 60, i % 1000),
             "schema": 1, "service": "churn-api", "host": "node-7", "pid": 4242, "thread": "worker-%d" % (i % 16),
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
