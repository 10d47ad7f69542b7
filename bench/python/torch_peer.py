# PyTorch peer of the tsgrad bench: runs W1–W5 on one CPU thread in its own process and answers in
# the runner protocol of bench/src/protocol.ts (JSON lines on stdout); a Python child, so it is separate.
"""The PyTorch child of `pnpm run bench` (see bench/src/libraries/torch.ts and bench/README.md).

Reads one JSON line from stdin: {"job": RunnerJob, "data": {workload id: WorkloadData}}, typed
arrays encoded as {"f32": base64} or {"i32": base64} (little-endian). Writes RunnerMessages,
one JSON object per line, to stdout: info, then per workload outputs / timing / error /
skipped, then done. Float32 outputs are encoded the same way. Timing follows
bench/src/measure.ts: warm-up, then timed runs (wall ms from perf_counter, process CPU ms from
process_time), or a training run timed in chunks of steps.
"""

import os

# One thread everywhere, before torch (and its OpenMP / OpenBLAS pools) load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import base64  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass  # already set: harmless

PEER_VARIANT = "-"
# Per-workload facts the parent's WORKLOADS table holds too (bench/src/workloads.ts).
TRAINING = {"W1": None, "W2": None, "W3": None, "W4": "step", "W5": "run"}
VERIFY_RUNS = {"W1": 1, "W2": 1, "W3": 1, "W4": 1, "W5": 3}
BUDGET_WEIGHT = {"W1": 1, "W2": 1, "W3": 1, "W4": 1, "W5": 5}


def send(msg):
    sys.stdout.write(json.dumps(msg, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def decode(value):
    """A typed array of the job's data as a tensor (other values as they are)."""
    if isinstance(value, dict) and "f32" in value:
        return torch.from_numpy(np.frombuffer(base64.b64decode(value["f32"]), dtype="<f4").copy())
    if isinstance(value, dict) and "i32" in value:
        return torch.from_numpy(np.frombuffer(base64.b64decode(value["i32"]), dtype="<i4").astype(np.int64))
    return value


def encode(t):
    a = t.detach().to(torch.float32).contiguous().reshape(-1).numpy().astype("<f4")
    return {"f32": base64.b64encode(a.tobytes()).decode("ascii")}


def max_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def now_ms():
    return time.perf_counter() * 1000.0


def cpu_ms():
    return time.process_time() * 1000.0


class BnCase:
    """BatchNorm forward with batch statistics and the vjp of dy w.r.t. x, γ, β (torch's native BN)."""

    def __init__(self, d):
        shape = d["shape"]
        self.eps = d["eps"]
        self.x = decode(d["x"]).reshape(shape).requires_grad_(True)
        self.gamma = decode(d["gamma"]).requires_grad_(True)
        self.beta = decode(d["beta"]).requires_grad_(True)
        self.dy = decode(d["dy"]).reshape(shape)
        self.last = None

    def run(self):
        y = F.batch_norm(self.x, None, None, self.gamma, self.beta, training=True, eps=self.eps)
        dx, dgamma, dbeta = torch.autograd.grad(y, [self.x, self.gamma, self.beta], self.dy)
        self.last = (y.detach(), dx, dgamma, dbeta)

    def outputs(self):
        y, dx, dgamma, dbeta = self.last
        return {"y": encode(y), "dx": encode(dx), "dgamma": encode(dgamma), "dbeta": encode(dbeta)}


class MatmulCase:
    def __init__(self, d):
        n = d["n"]
        self.a = decode(d["a"]).reshape(n, n)
        self.b = decode(d["b"]).reshape(n, n)
        self.c = None

    def run(self):
        with torch.no_grad():
            self.c = self.a @ self.b

    def outputs(self):
        return {"c": encode(self.c)}


class MlpCase:
    """torch.nn Linear, BatchNorm1d and ReLU/Sigmoid, F.cross_entropy and torch.optim.SGD."""

    def __init__(self, d):
        sizes = d["sizes"]
        depth = len(sizes) - 1
        layers = []
        self.linears = []
        self.norms = []
        for i in range(depth):
            lin = torch.nn.Linear(sizes[i], sizes[i + 1])
            with torch.no_grad():
                lin.weight.copy_(decode(d["weights"][i]).reshape(sizes[i + 1], sizes[i]))
                lin.bias.copy_(decode(d["biases"][i]))
            layers.append(lin)
            self.linears.append(lin)
            if i + 1 < depth:
                bn = torch.nn.BatchNorm1d(sizes[i + 1], eps=d["eps"], momentum=d["momentum"])
                self.norms.append(bn)
                layers.append(bn)
                layers.append(torch.nn.ReLU() if d["activation"] == "relu" else torch.nn.Sigmoid())
        self.model = torch.nn.Sequential(*layers).train()
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=d["lr"])
        n = d["batchSize"]
        self.xs = [decode(b["x"]).reshape(n, sizes[0]) for b in d["batches"]]
        self.ys = [decode(b["labels"]) for b in d["batches"]]
        self.step_count = 0
        self.loss = None

    def run(self):
        k = self.step_count % len(self.xs)
        self.step_count += 1
        self.optimizer.zero_grad()
        loss = F.cross_entropy(self.model(self.xs[k]), self.ys[k])
        loss.backward()
        self.optimizer.step()
        self.loss = loss.detach()

    def outputs(self):
        out = {"loss": encode(self.loss)}
        for i, lin in enumerate(self.linears):
            out[f"w{i}"] = encode(lin.weight)
            out[f"b{i}"] = encode(lin.bias)
        for i, bn in enumerate(self.norms):
            out[f"gamma{i}"] = encode(bn.weight)
            out[f"beta{i}"] = encode(bn.bias)
            out[f"runningMean{i}"] = encode(bn.running_mean)
            out[f"runningVar{i}"] = encode(bn.running_var)
        return out


def prepare(d):
    kind = d["kind"]
    if kind == "bn":
        return BnCase(d)
    if kind == "matmul":
        return MatmulCase(d)
    if kind == "mlp":
        return MlpCase(d)
    raise ValueError(f"unknown workload kind {kind!r}")


def time_runs(run, plan, deadline):
    """bench/src/measure.ts timeRuns: warm-up, then timed runs; returns (wall ms, CPU ms) lists."""
    warm_start = now_ms()
    i = 0
    while i < plan["maxIterations"] and (i < plan["warmupMin"] or now_ms() - warm_start < plan["warmupMs"]):
        if i > 0 and now_ms() >= deadline:
            break
        run()
        i += 1
    samples, cpu = [], []
    start = now_ms()
    while len(samples) < plan["minIterations"] or (len(samples) < plan["maxIterations"] and now_ms() - start < plan["budgetMs"]):
        if samples and now_ms() >= deadline:
            break
        c = cpu_ms()
        t = now_ms()
        run()
        samples.append(now_ms() - t)
        cpu.append(cpu_ms() - c)
    return samples, cpu


def time_training(step, plan, deadline):
    """bench/src/measure.ts timeTraining: warm-up steps, then steps timed in chunks."""
    for i in range(plan["warmupSteps"]):
        if i > 0 and now_ms() >= deadline:
            break
        step()
    chunk_ms, chunk_cpu, chunk_steps = [], [], []
    steps, total, total_cpu = 0, 0.0, 0.0
    while steps < plan["steps"] and (not chunk_ms or (total < plan["capMs"] and now_ms() < deadline)):
        k = min(plan["chunk"], plan["steps"] - steps)
        c = cpu_ms()
        t = now_ms()
        for _ in range(k):
            step()
        ms = now_ms() - t
        cpu = cpu_ms() - c
        chunk_ms.append(ms)
        chunk_cpu.append(cpu)
        chunk_steps.append(k)
        steps += k
        total += ms
        total_cpu += cpu
    return {"chunkMs": chunk_ms, "chunkCpuMs": chunk_cpu, "chunkSteps": chunk_steps, "steps": steps, "totalMs": total, "totalCpuMs": total_cpu}


def info():
    return {
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def main(request):
    job = request["job"]
    data = request["data"]
    send({"type": "info", "info": info()})
    # The job's deadline (Date.now() ms) on the performance clock, shared among workloads by weight.
    deadline = now_ms() + (job["deadline"] - time.time() * 1000.0)
    units = list(job["workloads"])
    for i, wid in enumerate(units):
        now = now_ms()
        if now >= deadline:
            send({"type": "skipped", "workload": wid, "variant": PEER_VARIANT, "reason": "the run's time budget was spent"})
            continue
        weight_left = sum(BUDGET_WEIGHT[u] for u in units[i:])
        unit_deadline = now + (deadline - now) * BUDGET_WEIGHT[wid] / weight_left
        try:
            d = data[wid]
            training = TRAINING[wid]
            if job["verify"] and training is not None:
                c = prepare(d)
                for _ in range(VERIFY_RUNS[wid]):
                    c.run()
                send({"type": "outputs", "workload": wid, "variant": PEER_VARIANT, "outputs": c.outputs()})
                del c
            gc.collect()
            c = prepare(d)
            if training == "run":
                t = time_training(c.run, job["training"], unit_deadline)
                send({"type": "timing", "workload": wid, "variant": PEER_VARIANT, "samples": [], "cpuSamples": [], "training": t, "maxRssKiB": max_rss_kib()})
            else:
                samples, cpu = time_runs(c.run, job["plan"], unit_deadline)
                send({"type": "timing", "workload": wid, "variant": PEER_VARIANT, "samples": samples, "cpuSamples": cpu, "training": None, "maxRssKiB": max_rss_kib()})
            if job["verify"] and training is None:
                send({"type": "outputs", "workload": wid, "variant": PEER_VARIANT, "outputs": c.outputs()})
        except Exception as e:  # reported to the parent like a JS peer's error
            send({"type": "error", "workload": wid, "variant": PEER_VARIANT, "message": f"{e}\n{traceback.format_exc()}"})
    send({"type": "done", "maxRssKiB": max_rss_kib()})


if __name__ == "__main__":
    line = sys.stdin.readline()
    try:
        main(json.loads(line))
    except Exception as e:
        send({"type": "error", "workload": None, "variant": None, "message": f"{e}\n{traceback.format_exc()}"})
        sys.exit(1)
