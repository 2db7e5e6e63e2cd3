#!/usr/bin/env python3
"""The baselines beside ML.NET LightGbm, on the split the .NET side prepared (split.json):

  native   LightGBM's C API (lib_lightgbm.so from the LightGBM NuGet package) through ctypes
  sklearn  scikit-learn HistGradientBoostingClassifier
  xgboost  xgboost, tree_method=hist, leaf-wise (lossguide) like LightGBM

Each is timed end to end (CSV file to trained model) and training only (data already in memory), with the
hyper-parameters of split.json and the same thread count. Writes one JSON file; report.py reads it.
"""
import argparse
import ctypes
import gc
import json
import os
import platform
import sys
import time

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--split", required=True, help="folder with split.json, train.csv and test.csv")
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--reps", type=int, default=1)
parser.add_argument("--lib", required=True, help="path of lib_lightgbm.so")
parser.add_argument("--out", required=True)
parser.add_argument("--models", default="native,sklearn,xgboost")
args = parser.parse_args()

# OpenMP reads these when the first library that uses it loads, so they are set before numpy, sklearn and xgboost.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(args.threads)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402
import xgboost as xgb  # noqa: E402

DTYPE_FLOAT32 = 0
PREDICT_RAW_SCORE = 1


class NativeLightGbm:
    """The few C API calls a training needs. Every call is checked; a failure raises LightGBM's own message."""

    def __init__(self, path):
        self.lib = ctypes.cdll.LoadLibrary(path)
        self.lib.LGBM_GetLastError.restype = ctypes.c_char_p

    def _check(self, rc):
        if rc != 0:
            raise RuntimeError(self.lib.LGBM_GetLastError().decode())

    def dataset_from_file(self, path, params):
        handle = ctypes.c_void_p()
        self._check(self.lib.LGBM_DatasetCreateFromFile(
            path.encode(), params.encode(), None, ctypes.byref(handle)))
        return handle

    def dataset_from_matrix(self, x, y, params):
        x = np.ascontiguousarray(x, dtype=np.float32)
        y = np.ascontiguousarray(y, dtype=np.float32)
        handle = ctypes.c_void_p()
        self._check(self.lib.LGBM_DatasetCreateFromMat(
            x.ctypes.data_as(ctypes.c_void_p), DTYPE_FLOAT32, ctypes.c_int32(x.shape[0]), ctypes.c_int32(x.shape[1]),
            1, params.encode(), None, ctypes.byref(handle)))
        self._check(self.lib.LGBM_DatasetSetField(
            handle, b"label", y.ctypes.data_as(ctypes.c_void_p), ctypes.c_int(len(y)), DTYPE_FLOAT32))
        return handle

    def train(self, dataset, params, iterations):
        booster = ctypes.c_void_p()
        self._check(self.lib.LGBM_BoosterCreate(dataset, params.encode(), ctypes.byref(booster)))
        finished = ctypes.c_int(0)
        for _ in range(iterations):
            self._check(self.lib.LGBM_BoosterUpdateOneIter(booster, ctypes.byref(finished)))
            if finished.value:
                break
        return booster

    def predict_raw(self, booster, x, params):
        x = np.ascontiguousarray(x, dtype=np.float32)
        out = np.zeros(x.shape[0], dtype=np.float64)
        out_len = ctypes.c_int64(0)
        self._check(self.lib.LGBM_BoosterPredictForMat(
            booster, x.ctypes.data_as(ctypes.c_void_p), DTYPE_FLOAT32, ctypes.c_int32(x.shape[0]), ctypes.c_int32(x.shape[1]),
            1, PREDICT_RAW_SCORE, 0, -1, params.encode(), ctypes.byref(out_len), out.ctypes.data_as(ctypes.POINTER(ctypes.c_double))))
        return out[: out_len.value]

    def free(self, booster=None, dataset=None):
        if booster is not None:
            self._check(self.lib.LGBM_BoosterFree(booster))
        if dataset is not None:
            self._check(self.lib.LGBM_DatasetFree(dataset))


def read_split(path, features):
    frame = pd.read_csv(path)
    return frame[features].to_numpy(dtype=np.float32), frame["label"].to_numpy(dtype=np.float32)


class Clock:
    """Wall-clock and process CPU seconds (all threads) since the last mark: CPU time shows when a run waited for a core."""

    def __init__(self):
        gc.collect()
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def since(self, other=None):
        other = other or self
        now = Clock.__new__(Clock)
        now.wall, now.cpu = time.perf_counter(), time.process_time()
        return now, now.wall - other.wall, now.cpu - other.cpu


def timed(action):
    start = Clock()
    result = action()
    _, wall, cpu = start.since()
    return wall, cpu, result


def run_native(split, hp, threads, reps, x_train, y_train, x_test, y_test):
    native = NativeLightGbm(args.lib)
    params = (f"objective=binary num_leaves={hp['numberOfLeaves']} learning_rate={hp['learningRate']} "
              f"min_data_in_leaf={hp['minimumExampleCountPerLeaf']} max_bin=255 num_threads={threads} "
              f"seed={hp['seed']} verbosity=-1")
    end_to_end, training, end_to_end_cpu, training_cpu, auc = [], [], [], [], None
    for _ in range(reps):
        # End to end: LightGBM's own CSV reader, then the boosting.
        def from_file():
            dataset = native.dataset_from_file(split["train"], params + " header=true label_column=name:label")
            return dataset, native.train(dataset, params, hp["numberOfIterations"])
        seconds, cpu, (dataset, booster) = timed(from_file)
        end_to_end.append(seconds)
        end_to_end_cpu.append(cpu)
        auc = float(roc_auc_score(y_test, native.predict_raw(booster, x_test, f"num_threads={threads}")))
        native.free(booster, dataset)

        def from_memory():
            dataset = native.dataset_from_matrix(x_train, y_train, params)
            return dataset, native.train(dataset, params, hp["numberOfIterations"])
        seconds, cpu, (dataset, booster) = timed(from_memory)
        training.append(seconds)
        training_cpu.append(cpu)
        native.free(booster, dataset)
    return {"endToEnd": end_to_end, "training": training, "endToEndCpu": end_to_end_cpu, "trainingCpu": training_cpu, "auc": auc,
            "settings": params, "endToEndReader": "LGBM_DatasetCreateFromFile (LightGBM's CSV parser)",
            "trainingInput": "LGBM_DatasetCreateFromMat on a float32 array"}


def run_sklearn(split, hp, features, threads, reps, x_test, y_test):
    def model():
        return HistGradientBoostingClassifier(
            max_iter=hp["numberOfIterations"], max_leaf_nodes=hp["numberOfLeaves"], learning_rate=hp["learningRate"],
            min_samples_leaf=hp["minimumExampleCountPerLeaf"], max_bins=255, early_stopping=False, random_state=hp["seed"])
    end_to_end, training, end_to_end_cpu, training_cpu, auc = [], [], [], [], None
    for _ in range(reps):
        with threadpool_limits(limits=threads):
            start = Clock()
            x, y = read_split(split["train"], features)
            loaded, _, _ = start.since()
            classifier = model().fit(x, y)
            _, fit_wall, fit_cpu = loaded.since()
            _, wall, cpu = start.since()
            auc = float(roc_auc_score(y_test, classifier.predict_proba(x_test)[:, 1]))
        end_to_end.append(wall)
        end_to_end_cpu.append(cpu)
        training.append(fit_wall)
        training_cpu.append(fit_cpu)
        del x, y, classifier
    return {"endToEnd": end_to_end, "training": training, "endToEndCpu": end_to_end_cpu, "trainingCpu": training_cpu, "auc": auc,
            "settings": repr(model()), "endToEndReader": "pandas.read_csv", "trainingInput": "float32 array"}


def run_xgboost(split, hp, features, threads, reps, x_test, y_test):
    params = {"objective": "binary:logistic", "tree_method": "hist", "grow_policy": "lossguide",
              "max_leaves": hp["numberOfLeaves"], "max_depth": 0, "eta": hp["learningRate"],
              "nthread": threads, "seed": hp["seed"], "verbosity": 0}
    end_to_end, training, end_to_end_cpu, training_cpu, auc = [], [], [], [], None
    for _ in range(reps):
        start = Clock()
        x, y = read_split(split["train"], features)
        loaded, _, _ = start.since()
        booster = xgb.train(params, xgb.DMatrix(x, label=y, nthread=threads), num_boost_round=hp["numberOfIterations"])
        _, fit_wall, fit_cpu = loaded.since()
        _, wall, cpu = start.since()
        auc = float(roc_auc_score(y_test, booster.predict(xgb.DMatrix(x_test, nthread=threads))))
        end_to_end.append(wall)
        end_to_end_cpu.append(cpu)
        training.append(fit_wall)
        training_cpu.append(fit_cpu)
        del x, y, booster
    return {"endToEnd": end_to_end, "training": training, "endToEndCpu": end_to_end_cpu, "trainingCpu": training_cpu, "auc": auc,
            "settings": json.dumps(params), "endToEndReader": "pandas.read_csv", "trainingInput": "DMatrix from a float32 array, then training"}


def main():
    with open(os.path.join(args.split, "split.json"), encoding="utf-8") as f:
        split = json.load(f)
    hp, features = split["hyperParameters"], split["features"]
    x_train, y_train = read_split(split["train"], features)
    x_test, y_test = read_split(split["test"], features)

    # One untimed pass on a slice, so no library's first measured run pays for loading code or caches.
    warm = slice(0, 5000)
    with threadpool_limits(limits=args.threads):
        HistGradientBoostingClassifier(max_iter=5, early_stopping=False).fit(x_train[warm], y_train[warm])
    xgb.train({"tree_method": "hist", "nthread": args.threads, "verbosity": 0}, xgb.DMatrix(x_train[warm], label=y_train[warm]), 5)

    wanted = args.models.split(",")
    models = {}
    if "native" in wanted:
        models["native"] = run_native(split, hp, args.threads, args.reps, x_train, y_train, x_test, y_test)
    if "sklearn" in wanted:
        models["sklearn"] = run_sklearn(split, hp, features, args.threads, args.reps, x_test, y_test)
    if "xgboost" in wanted:
        models["xgboost"] = run_xgboost(split, hp, features, args.threads, args.reps, x_test, y_test)

    result = {
        "dataset": split["dataset"], "threads": args.threads, "reps": args.reps, "lib": os.path.realpath(args.lib),
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
                     "scikit-learn": sklearn.__version__, "xgboost": xgb.__version__},
        "models": models,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
    for name, model in models.items():
        print(f"{name} {split['dataset']} t{args.threads}: end to end {min(model['endToEnd']):.2f} s, "
              f"training {min(model['training']):.2f} s, AUC {model['auc']:.4f}")


if __name__ == "__main__":
    sys.exit(main())
