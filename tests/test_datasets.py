"""pyod_synth.datasets: ADBench name resolution in both layouts, embedded tasks, user files."""

import csv

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits, load_wine

import pyod_synth.datasets as datasets
from pyod_synth.datasets import EMBEDDED, list_datasets, load_dataset

ENV = "PYOD_SYNTH_ADBENCH_DIR"

ADBENCH_LAYOUT = {
    "Classical": ["6_cardio", "15_Hepatitis", "22_magic.gamma"],
    "CV_by_ResNet18": ["CIFAR10_0"],
    "CV_by_ViT": ["CIFAR10_0", "MVTec-AD_only_vit"],
    "NLP_by_BERT": ["20news_3"],
    "NLP_by_RoBERTa": ["20news_3"],
}
PROJECT_PATHS = {
    "Classical": "classical",
    "CV_by_ResNet18": "cv/CV_by_ResNet18",
    "CV_by_ViT": "cv/CV_by_ViT",
    "NLP_by_BERT": "nlp/NLP_by_BERT",
    "NLP_by_RoBERTa": "nlp/NLP_by_RoBERTa",
}


def _write_npz(path, n_features, dtype=np.float64, **extra):
    """A tiny dataset whose feature count identifies the file it came from."""
    path.parent.mkdir(parents=True, exist_ok=True)
    X = np.arange(20 * n_features).reshape(20, n_features).astype(dtype)
    y = np.r_[np.zeros(18, dtype=np.int32), np.ones(2, dtype=np.int32)]
    np.savez(path, **{"X": X, "y": y, **extra})


def _fake_root(root, project_layout):
    """Both layouts hold the same files; file k of the listing has k + 2 features."""
    features = {}
    k = 0
    for folder, stems in ADBENCH_LAYOUT.items():
        sub = PROJECT_PATHS[folder] if project_layout else folder
        for stem in stems:
            k += 1
            _write_npz(root / sub / f"{stem}.npz", k + 1, np.float32 if "CV" in folder else float)
            features[f"{folder}/{stem}"] = k + 1
    return features


@pytest.fixture
def no_defaults(monkeypatch):
    """No env var and no installed adbench: only what a test points to is found."""
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setattr(datasets, "_installed_adbench_datasets", lambda: None)


@pytest.mark.parametrize("project_layout", [False, True])
def test_names_resolve_in_both_layouts(tmp_path, no_defaults, project_layout):
    features = _fake_root(tmp_path, project_layout)
    width = {name: load_dataset(name, tmp_path)[0].shape[1]
             for name in ["6_cardio", "cardio", "CARDIO", "hepatitis", "magic.gamma",
                          "CIFAR10_0", "CV_by_ViT/CIFAR10_0", "CV_by_ViT/MVTec-AD_only_vit",
                          "20news_3", "NLP_by_RoBERTa/20news_3", "Classical/6_cardio"]}
    assert width["6_cardio"] == width["cardio"] == width["CARDIO"] == features["Classical/6_cardio"]
    assert width["hepatitis"] == features["Classical/15_Hepatitis"]
    assert width["magic.gamma"] == features["Classical/22_magic.gamma"]
    # A plain stem is the file ADBench reads (ResNet-18 / BERT), not the ViT / RoBERTa one.
    assert width["CIFAR10_0"] == features["CV_by_ResNet18/CIFAR10_0"]
    assert width["CV_by_ViT/CIFAR10_0"] == features["CV_by_ViT/CIFAR10_0"]
    assert width["20news_3"] == features["NLP_by_BERT/20news_3"]
    assert width["NLP_by_RoBERTa/20news_3"] == features["NLP_by_RoBERTa/20news_3"]
    assert width["Classical/6_cardio"] == features["Classical/6_cardio"]

    assert list_datasets(tmp_path, group="classical") == ["6_cardio", "15_Hepatitis",
                                                          "22_magic.gamma"]
    assert list_datasets(tmp_path, group="cv") == [
        "CIFAR10_0", "CV_by_ViT/CIFAR10_0", "CV_by_ViT/MVTec-AD_only_vit"]
    assert list_datasets(tmp_path, group="nlp") == ["20news_3", "NLP_by_RoBERTa/20news_3"]
    everything = list_datasets(tmp_path)
    assert everything[:3] == sorted(EMBEDDED)
    for name in everything:  # every listed name loads
        load_dataset(name, tmp_path)


def test_stored_dtypes_are_kept_and_y_is_integer(tmp_path, no_defaults):
    _write_npz(tmp_path / "classical" / "1_small.npz", 3, dtype=np.int16)
    _fake_root(tmp_path / "other", project_layout=False)
    X, y = load_dataset("1_small", tmp_path)
    assert X.dtype == np.int16 and y.dtype == np.int32 and set(y) == {0, 1}
    assert load_dataset("CIFAR10_0", tmp_path / "other")[0].dtype == np.float32


def test_ambiguous_name_without_prefix_is_an_error(tmp_path, no_defaults):
    _write_npz(tmp_path / "Classical" / "1_twin.npz", 2)
    _write_npz(tmp_path / "Classical" / "2_twin.npz", 3)
    with pytest.raises(ValueError, match=r"ambiguous.*1_twin.*2_twin"):
        load_dataset("twin", tmp_path)
    assert load_dataset("2_twin", tmp_path)[0].shape[1] == 3


def test_npz_files_directly_in_the_root_are_found(tmp_path, no_defaults):
    _write_npz(tmp_path / "7_flat.npz", 4)
    assert load_dataset("flat", tmp_path)[0].shape == (20, 4)
    assert "7_flat" in list_datasets(tmp_path)


def test_env_var_is_used_and_the_argument_wins(tmp_path, monkeypatch):
    _write_npz(tmp_path / "env" / "Classical" / "6_cardio.npz", 5)
    _write_npz(tmp_path / "arg" / "classical" / "6_cardio.npz", 7)
    monkeypatch.setenv(ENV, str(tmp_path / "env"))
    assert load_dataset("cardio")[0].shape[1] == 5
    assert load_dataset("cardio", data_dir=tmp_path / "arg")[0].shape[1] == 7
    assert list_datasets(group="classical") == ["6_cardio"]


def test_installed_adbench_package_is_found_without_importing_it(tmp_path, monkeypatch):
    import sys

    monkeypatch.delenv(ENV, raising=False)
    package = tmp_path / "site" / "adbench"
    package.mkdir(parents=True)
    # Importing this package would fail: the lookup must not import it.
    (package / "__init__.py").write_text("raise RuntimeError('adbench was imported')\n")
    _write_npz(package / "datasets" / "Classical" / "6_cardio.npz", 6)
    monkeypatch.delitem(sys.modules, "adbench", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    assert load_dataset("cardio")[0].shape[1] == 6
    assert "adbench" not in sys.modules


def test_not_found_lists_every_place_searched_and_how_to_fix(tmp_path, no_defaults):
    _fake_root(tmp_path, project_layout=True)
    with pytest.raises(FileNotFoundError) as info:
        load_dataset("no_such_set", tmp_path)
    message = str(info.value)
    assert "'no_such_set' not found" in message
    for folder in PROJECT_PATHS.values():
        assert str(tmp_path / folder) in message
    assert "sk_breast_cancer" in message  # the embedded names were searched too
    assert "data_dir=" in message and ENV in message

    missing = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError, match=r"nowhere \(does not exist\)"):
        load_dataset("cardio", missing)
    with pytest.raises(FileNotFoundError, match="no adbench package is installed"):
        load_dataset("cardio")


def test_list_datasets_without_data(no_defaults, tmp_path):
    assert list_datasets() == sorted(EMBEDDED)
    assert list_datasets(group="embedded") == ["sk_breast_cancer", "sk_digits", "sk_wine"]
    with pytest.raises(FileNotFoundError, match=ENV):
        list_datasets(group="classical")
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        list_datasets(tmp_path / "missing")
    with pytest.raises(ValueError, match="group must be one of"):
        list_datasets(group="tabular")


# ----------------------------------------------------------------------------------------
# Embedded tasks
# ----------------------------------------------------------------------------------------

# name: (loader, normal classes, anomaly class, rows, features, anomalies) as documented
EMBEDDED_SPEC = {
    "sk_breast_cancer": (load_breast_cancer, {1}, 0, 387, 30, 30),
    "sk_wine": (load_wine, {1, 2}, 0, 129, 13, 10),
    "sk_digits": (load_digits, set(range(1, 10)), 0, 1709, 64, 90),
}


@pytest.mark.parametrize("name", sorted(EMBEDDED_SPEC))
def test_embedded_datasets_are_built_as_documented(name, no_defaults):
    loader, normal_classes, anomaly_class, n, d, n_anomalies = EMBEDDED_SPEC[name]
    X, y = load_dataset(name)
    assert X.shape == (n, d) and X.dtype == np.float64
    assert y.dtype == np.int64 and int(y.sum()) == n_anomalies
    assert f"{n} rows" in EMBEDDED[name].description
    assert 0.05 <= n_anomalies / n <= 0.10
    source = loader()
    in_normal = np.isin(source.target, list(normal_classes))
    # Every normal-class row is kept, in order; the anomalies are rows of the rare class.
    assert np.array_equal(X[y == 0], source.data[in_normal])
    rare = source.data[source.target == anomaly_class]
    matches = (X[y == 1][:, None, :] == rare[None, :, :]).all(axis=2)
    assert matches.any(axis=1).all()
    assert len(np.unique(X[y == 1], axis=0)) == n_anomalies  # drawn without replacement
    X2, y2 = load_dataset(name)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_embedded_anomaly_draw_is_pinned():
    """The draw uses a frozen legacy stream: the same rows on every NumPy version."""
    _, y = load_dataset("sk_wine")
    X, _ = load_dataset("sk_wine")
    wine = load_wine()
    rows = [int(np.flatnonzero((wine.data == row).all(axis=1))[0]) for row in X[y == 1]]
    expected = np.sort(np.random.RandomState(0).choice(np.flatnonzero(wine.target == 0), 10,
                                                       replace=False))
    assert rows == expected.tolist()


# ----------------------------------------------------------------------------------------
# User files
# ----------------------------------------------------------------------------------------


def _write_csv(path, rows):
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_user_npz(tmp_path):
    path = tmp_path / "mine.npz"
    np.savez(path, X=np.ones((5, 2), dtype=np.float32), y=np.array([0, 0, 1, 0, 1]))
    X, y = load_dataset(path)
    assert X.dtype == np.float32 and y.tolist() == [0, 0, 1, 0, 1]
    assert load_dataset(str(path))[0].shape == (5, 2)


@pytest.mark.parametrize(
    "rows, kwargs, expected_y, expected_first",
    [
        ([["a", "label", "b"], [1, 0, 2], [3, 1, 4]], {}, [0, 1], [1, 2]),
        ([["a", "b", "c"], [1, 2, 0], [3, 4, 1]], {}, [0, 1], [1, 2]),
        ([[1, 2, 0], [3, 4, 1]], {}, [0, 1], [1, 2]),
        ([["cls", "a"], [1, 5], [0, 6]], {"label_column": "cls"}, [1, 0], [5]),
        ([[0, 5, 6], [1, 7, 8]], {"label_column": 0}, [0, 1], [5, 6]),
        ([["a", "label"], [1.5, "1.0"], [2.5, "0"]], {}, [1, 0], [1.5]),
    ],
)
def test_user_csv(tmp_path, rows, kwargs, expected_y, expected_first):
    X, y = load_dataset(_write_csv(tmp_path / "data.csv", rows), **kwargs)
    assert y.tolist() == expected_y and X[0].tolist() == expected_first
    assert X.dtype == np.float64 and y.dtype == np.int64


@pytest.mark.parametrize(
    "rows, kwargs, message",
    [
        ([["a", "label"], [1, 0], [2, "x"]], {}, r"line 3, column 2: 'x' is not a finite number"),
        ([["a", "label"], [1, 0], [2, 0, 9]], {}, r"line 3: expected 2 values, found 3"),
        ([["a", "label"], [1, 0], [2, 2]], {}, r"line 3: the label is '2'"),
        ([["a", "label"], [1, 0], ["nan", 1]], {}, r"line 3, column 1: 'nan'"),
        ([["a", "label"]], {}, "header but no data rows"),
        ([["a", "b"], [1, 0]], {"label_column": "target"}, r"no column named 'target'"),
        ([[1, 0]], {"label_column": 5}, "out of range"),
    ],
)
def test_malformed_csv_names_the_file_and_line(tmp_path, rows, kwargs, message):
    path = _write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(ValueError, match=message) as info:
        load_dataset(path, **kwargs)
    assert str(path) in str(info.value)


def test_malformed_npz_names_the_file(tmp_path):
    cases = {
        "no_y.npz": {"X": np.ones((3, 2))},
        "flat_X.npz": {"X": np.ones(3), "y": np.zeros(3)},
        "short_y.npz": {"X": np.ones((3, 2)), "y": np.zeros(2)},
        "labels.npz": {"X": np.ones((3, 2)), "y": np.array([0, 2, 1])},
        "nan.npz": {"X": np.array([[1.0, np.nan]]), "y": np.zeros(1)},
        "objects.npz": {"X": np.array([[1, "a"]], dtype=object), "y": np.zeros(1)},
    }
    messages = {
        "no_y.npz": r"missing \['y'\]", "flat_X.npz": "2-D", "short_y.npz": "one label per row",
        "labels.npz": r"found \[2\]", "nan.npz": "NaN", "objects.npz": "not a readable",
    }
    for file, arrays in cases.items():
        path = tmp_path / file
        np.savez(path, **arrays)
        with pytest.raises(ValueError, match=messages[file]) as info:
            load_dataset(path)
        assert str(path) in str(info.value)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip at all")
    with pytest.raises(ValueError, match="not a readable") as info:
        load_dataset(garbage)
    assert str(garbage) in str(info.value)
    with pytest.raises(FileNotFoundError, match="No such dataset file"):
        load_dataset(tmp_path / "absent.csv")


# ----------------------------------------------------------------------------------------
# The project's copy of the real data
# ----------------------------------------------------------------------------------------


def test_real_adbench_copy(adbench_root):
    with open(adbench_root / "MANIFEST.tsv", newline="") as handle:
        manifest = list(csv.DictReader(handle, delimiter="\t"))
    classical = [row for row in manifest if row["group"] == "Classical"]
    assert len(list_datasets(adbench_root, group="classical")) == len(classical)
    for name in ["4_breastw", "15_Hepatitis", "6_cardio"]:
        row = next(r for r in manifest if r["file"] == f"classical/{name}.npz")
        X, y = load_dataset(name, adbench_root)
        assert X.shape == (int(row["n_samples"]), int(row["n_features"]))
        assert int(y.sum()) == int(row["n_anomalies"])
    assert np.array_equal(load_dataset("cardio", adbench_root)[0],
                          load_dataset("6_cardio", adbench_root)[0])
    assert load_dataset("CIFAR10_0", adbench_root)[0].dtype == np.float32
    assert load_dataset("MVTec-AD_bottle", adbench_root)[0].shape[1] == 512
    assert load_dataset("CV_by_ViT/MVTec-AD_bottle", adbench_root)[0].shape[1] == 1000
