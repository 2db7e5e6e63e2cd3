#!/usr/bin/env python3
"""Reads the step results of run.sh (out/), prints the side-by-side table with ratios and targets, writes the
machine-readable results JSON and replaces the training section of benchmarks/RESULTS.md (other sections stay)."""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

SECTION = "## Training: ML.NET LightGbm vs native LightGBM, scikit-learn, xgboost"
TARGET_E2E_RATIO = 1.3  # issue "Speed": ML.NET LightGbm as a candidate trains, end to end, within 1.3x native LightGBM
TARGET_AUC_DELTA = 0.002
TARGET_STAGE_RATIO = 0.6

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--out-dir", required=True)
parser.add_argument("--results", required=True, help="JSON file to write")
parser.add_argument("--markdown", required=True, help="RESULTS.md to update")
parser.add_argument("--command", required=True, help="the command that produced the run, for the record")
parser.add_argument("--repo", required=True)
args = parser.parse_args()


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def median(values):
    return statistics.median(values) if values else None


def run(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def package_versions():
    text = open(os.path.join(args.repo, "Directory.Packages.props"), encoding="utf-8").read()
    wanted = ["Microsoft.ML", "Microsoft.ML.LightGbm", "LightGBM", "Microsoft.DurableTask.Worker", "Microsoft.DurableTask.InProcessTestHost"]
    found = dict(re.findall(r'PackageVersion Include="([^"]+)" Version="([^"]+)"', text))
    return {name: found.get(name, "?") for name in wanted}


def machine():
    lscpu = run(["lscpu"])
    model = re.search(r"Model name:\s*(.+)", lscpu)
    os_release = dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', open("/etc/os-release", encoding="utf-8").read(), re.M))
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo", encoding="utf-8").read()).group(1))
    start_load = open(os.path.join(args.out_dir, "load-start.txt"), encoding="utf-8").read().split()[:3]
    return {
        "cpu": model.group(1).strip() if model else platform.processor(),
        "cores": os.cpu_count(),
        "ramGiB": round(mem_kb / 1024 / 1024, 1),
        "os": f"{os_release.get('PRETTY_NAME', platform.system())}, kernel {platform.release()}",
        "dotnetSdk": run(["dotnet", "--version"]),
        "ompWaitPolicy": os.environ.get("OMP_WAIT_POLICY", "default"),
        "schedAutogroup": run(["cat", "/proc/sys/kernel/sched_autogroup_enabled"]),
        "loadAverageAtStart": " ".join(start_load),
        "loadAverageAtEnd": " ".join(open("/proc/loadavg", encoding="utf-8").read().split()[:3]),
    }


def training_rows():
    """One row per (dataset, threads, model) with medians; AUCs of every model computed here the same way."""
    rows = []
    for mlnet_file in sorted(glob.glob(os.path.join(args.out_dir, "mlnet-*-t*.json"))):
        mlnet = load(mlnet_file)
        dataset, threads = mlnet["dataset"], mlnet["threads"]
        split = load(os.path.join(args.out_dir, dataset, "split.json"))
        y_test = pd.read_csv(split["test"], usecols=["label"])["label"].to_numpy()
        scores = np.fromfile(mlnet["scores"], dtype=np.float32)
        mlnet_auc = float(roc_auc_score(y_test, scores))
        python_file = os.path.join(args.out_dir, f"python-{dataset}-t{threads}.json")
        python = load(python_file) if os.path.exists(python_file) else {"models": {}, "versions": {}}
        base = {"dataset": dataset, "threads": threads, "trainRows": split["trainRows"], "testRows": split["testRows"],
                "features": len(split["features"]), "splitRule": split["splitRule"], "labelRule": split["labelRule"]}
        rows.append({**base, "model": "mlnet", "endToEnd": mlnet["endToEnd"], "training": mlnet["training"],
                     "endToEndCpu": mlnet["endToEndCpu"], "trainingCpu": mlnet["trainingCpu"], "auc": mlnet_auc,
                     "evaluatorAuc": mlnet["evaluatorAuc"], "nativeLibrary": mlnet["nativeLibrary"], "runtime": mlnet["runtime"]})
        rows.append({**base, "model": "mlnet-cached", "endToEnd": mlnet["endToEndCached"], "training": [],
                     "endToEndCpu": mlnet["endToEndCachedCpu"], "trainingCpu": [], "auc": mlnet_auc})
        # Candidates now read the file once into typed columns; the model is the text loader's, byte for byte
        # (InMemoryLoadingTests), so its AUC is the same.
        in_memory = 1 if mlnet.get("endToEndReadIntoMemory") else 0
        if in_memory:
            rows.append({**base, "model": "mlnet-memory", "endToEnd": mlnet["endToEndReadIntoMemory"], "training": [],
                         "endToEndCpu": mlnet["endToEndReadIntoMemoryCpu"], "trainingCpu": [], "auc": mlnet_auc})
        for name, model in python["models"].items():
            rows.append({**base, "model": name, "endToEnd": model["endToEnd"], "training": model["training"],
                         "endToEndCpu": model["endToEndCpu"], "trainingCpu": model["trainingCpu"], "auc": model["auc"],
                         "settings": model["settings"], "reader": model["endToEndReader"]})
        for row in rows[-(2 + in_memory + len(python["models"])):]:
            row["reps"] = len(row["endToEnd"])
            row["endToEndMedian"] = median(row["endToEnd"])
            row["trainingMedian"] = median(row["training"])
            # Other work on a shared machine only ever adds time, so the best repetition is the least disturbed one.
            for kind in ("endToEnd", "training"):
                best = min(range(len(row[kind])), key=row[kind].__getitem__) if row[kind] else None
                row[f"{kind}Best"] = row[kind][best] if best is not None else None
                row[f"{kind}CpuAtBest"] = row[f"{kind}Cpu"][best] if best is not None else None
    return rows, python.get("versions", {}) if rows else {}


def ratios(rows):
    """ML.NET against each other library, and every model against native LightGBM, for each (dataset, threads)."""
    groups = {}
    for row in rows:
        groups.setdefault((row["dataset"], row["threads"]), {})[row["model"]] = row
    results = []
    for (dataset, threads), models in sorted(groups.items()):
        native = models.get("native")
        for row in models.values():
            if native:
                row["endToEndVsNative"] = row["endToEndBest"] / native["endToEndBest"]
                row["trainingVsNative"] = row["trainingBest"] / native["trainingBest"] if row["trainingBest"] else None
        # The target is about ML.NET as a candidate trains: reading the file into memory when that was measured.
        mlnet = models.get("mlnet-memory", models["mlnet"])
        entry = {"dataset": dataset, "threads": threads, "mlnetVariant": NAMES["mlnet-memory" if "mlnet-memory" in models else "mlnet"]}
        for other in ("native", "sklearn", "xgboost"):
            if other in models:
                entry[f"mlnetEndToEndOver{other.capitalize()}"] = mlnet["endToEndBest"] / models[other]["endToEndBest"]
                entry[f"mlnetTrainingOver{other.capitalize()}"] = models["mlnet"]["trainingBest"] / models[other]["trainingBest"]
        if native:
            entry["targets"] = {
                "endToEndWithinTargetOfNative": {"value": entry["mlnetEndToEndOverNative"], "met": bool(entry["mlnetEndToEndOverNative"] <= TARGET_E2E_RATIO)},
                "aucWithin0_002OfNative": {"value": abs(mlnet["auc"] - native["auc"]), "met": bool(abs(mlnet["auc"] - native["auc"]) <= TARGET_AUC_DELTA)},
            }
        if "sklearn" in models:
            entry.setdefault("targets", {})["endToEndFasterThanSklearn"] = {
                "value": entry["mlnetEndToEndOverSklearn"], "met": bool(mlnet["endToEndBest"] < models["sklearn"]["endToEndBest"])}
        results.append(entry)
    return results


def candidate_stages():
    stages = []
    for path in sorted(glob.glob(os.path.join(args.out_dir, "candidates-*.json"))):
        stage = load(path)
        n, reps = stage["candidates"], stage["repetitions"]
        sums = [sum(stage["singleCandidate"][r * n:(r + 1) * n]) for r in range(reps)]
        per_rep = [stage["stage"][r] / sums[r] for r in range(reps)]
        in_process = stage["inProcess"]
        stages.append({
            **stage,
            "coresUsedAlone": sum(stage["singleCandidateCpu"]) / sum(stage["singleCandidate"]),
            "coresUsedInStage": sum(stage["stageCpu"]) / sum(stage["stage"]),
            "coresUsedInProcessWhenAll": in_process["whenAllCpu"] / in_process["whenAll"],
            "sumOfSingles": sums,
            "ratioPerRepetition": per_rep,
            "ratio": median(per_rep),
            "target": {"value": median(per_rep), "met": median(per_rep) <= TARGET_STAGE_RATIO},
            "inProcessRatio": in_process["whenAll"] / in_process["sequence"],
        })
    return stages


NAMES = {
    "mlnet": "ML.NET LightGbm, text loader with the row cache (candidates with the in-memory cache off)",
    "mlnet-cached": "ML.NET LightGbm, rows cached on their first pass",
    "mlnet-memory": "ML.NET LightGbm as a candidate trains (the file read once into typed columns)",
    "native": "native LightGBM (C API via ctypes)",
    "sklearn": "scikit-learn HistGradientBoosting",
    "xgboost": "xgboost hist (lossguide)",
}


def fmt(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f}"


def yes(met):
    return "**met**" if met else "**not met**"


def findings(result):
    """What the figures say, computed from this run, plus what the code says about why."""
    notes = []
    groups = {}
    for row in result["training"]["rows"]:
        groups.setdefault((row["dataset"], row["threads"]), {})[row["model"]] = row
    for (dataset, threads), models in sorted(groups.items()):
        mlnet, cached, native = models.get("mlnet"), models.get("mlnet-cached"), models.get("native")
        if not (mlnet and native):
            continue
        mlnet_read = mlnet["endToEndBest"] - mlnet["trainingBest"]
        native_read = native["endToEndBest"] - native["trainingBest"]
        native_text = (f"native's {native_read:.2f} s" if native_read > 0
                       else "native's CSV reader, whose cost is within the noise of these runs")
        notes.append(
            f"{dataset}, {threads} thread(s): ML.NET trains in {mlnet['trainingVsNative']:.2f}x native's time once the rows are in memory, "
            f"but end to end it takes {mlnet['endToEndVsNative']:.2f}x: reading the CSV adds {mlnet_read:.2f} s for ML.NET against "
            f"{native_text}. Caching the rows on their first pass gives {cached['endToEndVsNative']:.2f}x native.")
    notes.append(
        "Why reading costs ML.NET more through the text loader: it parses every cell into ML.NET's row format, and each pass over a "
        "lazy view parses the CSV again, so candidates cache the featurized rows once. Candidates now read the file once with Sep into "
        "typed columns shared by the run's candidates in a process (`SnapshotColumnsCache`); that is the \"as a candidate trains\" row.")
    for stage in result["candidateStage"]:
        notes.append(
            f"Candidate stage, 4 x {stage['trainer']}: the stage took {stage['ratio']:.2f} of the sum of the single-candidate times "
            f"(target <= {TARGET_STAGE_RATIO}); at most {stage['mostCandidatesAtOnce']} candidates ran at once, and the process had "
            f"{stage['coresUsedInStage']:.2f} cores on average during the stage ({stage['coresUsedAlone']:.2f} with one candidate). "
            f"Without the orchestration (the same activity logic, 4 at once with Task.WhenAll) the ratio was {stage['inProcessRatio']:.2f}.")
    notes.append(
        "ML.NET's LightGbm trainer takes a process-wide lock (`LightGbmShared.LockForMultiThreadingInside`, in "
        "`LightGbmTrainerBase` of Microsoft.ML.LightGbm 5.0.1) around the whole boosting loop and around every batch of rows "
        "it pushes into the native dataset, and another (`SampleLock`) around its sampling pass. LightGbm candidates in one "
        "process therefore boost one at a time; only parsing, featurizing, evaluating, saving and uploading overlap. "
        + ("FastTree takes no such lock (compare its row). " if any(st["trainer"] == "FastTree" for st in result["candidateStage"]) else "")
        + "Two LightGbm candidates on one Functions instance share one worker process and so the lock; only candidates on "
        "different instances boost in parallel.")
    if result["candidateStage"] and result["machine"]["schedAutogroup"] == "1":
        notes.append(
            "This kernel shares CPU between sessions, not threads (`sched_autogroup_enabled` = 1): while other sessions keep the "
            "cores busy, a process gets about its session's share whether it runs one candidate or two, so the stage can only "
            "come near 0.5 of the singles on an otherwise idle machine. The \"cores the process had\" column shows how much it got.")
    if result["candidateStage"]:
        c = result["candidateStage"][0]["concurrency"]
        notes.append(
            f"Activity concurrency: the Durable Task worker asks for up to {c['workerMaximumConcurrentActivityWorkItems']} activities "
            f"(`DurableTaskWorkerOptions.Concurrency.MaximumConcurrentActivityWorkItems`, default 100 x cores); the in-process "
            f"sidecar of `DurableTaskTestHost`/`AddInMemoryDurableTask` (tests and the `cd4ml` CLI) dispatches at most "
            f"{c['inProcessSidecarMaxConcurrentTaskActivityWorkItems']} (`InMemoryOrchestrationService.MaxConcurrentTaskActivityWorkItems` "
            f"= processor count) and re-polls every 500 ms while full; the Functions app is capped by host.json "
            f"`maxConcurrentActivityFunctions` = {c['functionsHostMaxConcurrentActivityFunctions']} per instance. None of them is 1, "
            f"so the configuration does not serialize candidates; on 2 cores 2 at once is the right number. host.json's fixed value "
            f"would leave cores idle on larger instances (candidates train single-threaded); raising it there is a host.json change.")
    return notes


def markdown(result):
    m, v = result["machine"], result["versions"]
    lines = [SECTION, "",
             f"Measured {result['measuredAt']} with:", "", "```", result["command"], "```", "",
             f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ramGiB']} GiB RAM, {m['os']}; shared and noisy "
             f"(load average {m['loadAverageAtStart']} at the start, {m['loadAverageAtEnd']} at the end).",
             f"- .NET SDK {m['dotnetSdk']}, runtime {v.get('dotnetRuntime', '?')}; Microsoft.ML {v['Microsoft.ML']}, "
             f"Microsoft.ML.LightGbm {v['Microsoft.ML.LightGbm']}; native LightGBM {v['LightGBM']} (NuGet `LightGBM`) for both ML.NET and the C API baseline "
             f"(ML.NET alone would bring 4.6.0; the benchmark project lifts it so both sides run the same native code).",
             f"- Python {v.get('python', '?')} (Debian), numpy {v.get('numpy', '?')}, pandas {v.get('pandas', '?')}, "
             f"scikit-learn {v.get('scikit-learn', '?')}, xgboost {v.get('xgboost', '?')}.",
             f"- OpenMP threads of every library wait passively (`OMP_WAIT_POLICY={m['ompWaitPolicy']}`, set by run.sh): on this shared machine "
             "the default spinning made every library's 2-thread runs up to 10x slower than its 1-thread runs. It changes nothing at 1 thread.",
             "- Same hyper-parameters for all: 100 iterations, 31 leaves, learning rate 0.1, at least 20 rows per leaf "
             "(the `TrainerCatalog` LightGbm defaults), seed 42, same thread count. Other settings are each library's defaults.",
             "- End to end = CSV file to trained model (prepared CSV, integers, label first). Training only = from rows "
             "already in memory (ML.NET: featurizer + trainer fit on a cached view, what `CandidateTrainer` times). "
             "Times are the best of n repetitions (other work on the machine only adds time); medians and every repetition are in "
             "`benchmarks/training/results.json`. "
             "All AUCs are computed by scikit-learn's `roc_auc_score` on the same held-out rows. \"Its CPU\" is the process's CPU "
             "seconds over the same interval (all threads): wall time well above CPU ÷ threads means the run waited for a core.",
             ""]
    by_key = {}
    for row in result["training"]["rows"]:
        by_key.setdefault((row["dataset"], row["threads"]), []).append(row)
    for (dataset, threads), rows in sorted(by_key.items(), key=lambda kv: (kv[0][0] != "fertility", kv[0][1])):
        first = rows[0]
        lines += [f"### {dataset}, {threads} thread{'s' if threads > 1 else ''} "
                  f"({first['trainRows']:,} train / {first['testRows']:,} test rows, {first['features']} features; label {first['labelRule']}; {first['splitRule']})", "",
                  "| model | n | end to end (s) | its CPU (s) | training only (s) | its CPU (s) | AUC | end to end ÷ native | training ÷ native |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for row in rows:
            lines.append(f"| {NAMES[row['model']]} | {row['reps']} | {fmt(row['endToEndBest'])} | {fmt(row['endToEndCpuAtBest'])} | "
                         f"{fmt(row['trainingBest'])} | {fmt(row['trainingCpuAtBest'])} | "
                         f"{fmt(row['auc'], 4)} | {fmt(row.get('endToEndVsNative'))} | {fmt(row.get('trainingVsNative'))} |")
        lines.append("")

    variants = ", ".join(f'"{v}"' for v in sorted({r["mlnetVariant"] for r in result["training"]["ratios"]}))
    lines += ["### Ratios and targets (ML.NET LightGbm as a candidate trains)", "",
              f"ML.NET end to end is the row {variants}; training only is the text loader row's.", "",
              f"| dataset | threads | ML.NET ÷ native, end to end | ÷ native, training | ÷ scikit-learn, end to end | ÷ xgboost, end to end | end to end ≤ {TARGET_E2E_RATIO}× native | AUC within 0.002 of native | faster than scikit-learn |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in result["training"]["ratios"]:
        t = r.get("targets", {})
        def target(name):
            return f"{yes(t[name]['met'])} ({t[name]['value']:.4f})" if name in t else "–"
        lines.append(f"| {r['dataset']} | {r['threads']} | {fmt(r.get('mlnetEndToEndOverNative'))} | {fmt(r.get('mlnetTrainingOverNative'))} | "
                     f"{fmt(r.get('mlnetEndToEndOverSklearn'))} | {fmt(r.get('mlnetEndToEndOverXgboost'))} | "
                     f"{target('endToEndWithinTargetOfNative')} | {target('aucWithin0_002OfNative')} | {target('endToEndFasterThanSklearn')} |")
    lines.append("")

    lines += ["### Candidate stage: 4 equal candidates through the real orchestration", "",
              "`TrainingPipeline` on the in-process Durable Task host (`PipelineTestHost`) against a private Azurite, fertility.csv as the "
              "pipeline reads it (label `morekids`, text columns one-hot encoded), catalog defaults (1 thread per candidate). A candidate's time "
              "is its TrainCandidate activity span (cached snapshot, load, fit, evaluate, save, upload). Stage = first candidate start to last "
              "candidate end in a run with all 4; singles = 4 runs with one candidate each. \"Cores the process had\" = the process's CPU "
              "seconds over those intervals ÷ their wall time: with 2 cores and 2 candidates at once it would be near 2 on an idle machine.", "",
              "| trainer | reps | sum of 4 single-candidate times (s) | stage wall time (s) | stage ÷ sum (target ≤ 0.6) | most candidates running at once | cores the process had: alone / in the stage | in process, no orchestration: Task.WhenAll ÷ sequential (cores had) |",
              "|---|---|---|---|---|---|---|---|"]
    for s in result["candidateStage"]:
        lines.append(f"| {s['trainer']} | {s['repetitions']} | {fmt(median(s['sumOfSingles']))} | {fmt(median(s['stage']))} | "
                     f"{fmt(s['ratio'])} {yes(s['target']['met'])} | {s['mostCandidatesAtOnce']} | "
                     f"{fmt(s['coresUsedAlone'])} / {fmt(s['coresUsedInStage'])} | "
                     f"{fmt(s['inProcess']['whenAll'])} ÷ {fmt(s['inProcess']['sequence'])} = {fmt(s['inProcessRatio'])} ({fmt(s['coresUsedInProcessWhenAll'])}) |")
    if result["candidateStage"]:
        c = result["candidateStage"][0]["concurrency"]
        lines += ["", f"Activity concurrency: {c['notes']}."]
    lines.append("")
    notes = result.get("notes", [])
    if notes:
        lines += ["### Findings", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(lines)


# Written at the end of the generated part of the section: later measurements added by hand below it are kept.
KEPT_MARKER = "<!-- benchmarks/training/report.py writes the section down to here; what follows is kept -->"


def update_markdown(section):
    path = args.markdown
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmark results\n\nHow each benchmark is run: see [README.md](README.md).\n"
    start = text.find(SECTION)
    section = section.rstrip("\n") + "\n\n" + KEPT_MARKER + "\n"
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = text.find("\n## ", start + len(SECTION))
        marker = text.find(KEPT_MARKER, start)
        if marker >= 0 and (following < 0 or marker < following):
            text = text[:start] + section + text[marker + len(KEPT_MARKER) + 1:]
        else:
            text = text[:start] + section + ("\n" + text[following + 1:] if following >= 0 else "")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n")


def main():
    rows, python_versions = training_rows()
    ratio_rows = ratios(rows)
    stages = candidate_stages()
    result = {
        "measuredAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": args.command,
        "machine": machine(),
        "versions": {**package_versions(), **python_versions,
                     "dotnetRuntime": next((r["runtime"] for r in rows if "runtime" in r), "?")},
        "targets": {"endToEndOverNative": TARGET_E2E_RATIO, "aucDelta": TARGET_AUC_DELTA, "stageOverSumOfSingles": TARGET_STAGE_RATIO},
        "training": {"rows": rows, "ratios": ratio_rows},
        "candidateStage": stages,
    }
    result["notes"] = findings(result)
    with open(args.results, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
    section = markdown(result)
    update_markdown(section)
    print(section)


if __name__ == "__main__":
    main()
