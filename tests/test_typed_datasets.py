"""pyod_synth.typed_datasets: Lau et al.'s three benchmarks from their raw files.

Tiny files written to tmp_path cover the parsing and every error; the real files (found
through PYOD_SYNTH_LAU2025_DIR, default ../shared/datasets/lau2025 from the repo root)
check the counts the data README gives.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import load_real

from pyod_synth.datasets import list_datasets, load_dataset
from pyod_synth.typed_datasets import (
    ARRHYTHMIA_COLUMNS,
    LAU2025_DIR_ENV,
    NSL_KDD_ATTACKS,
    NSL_KDD_COLUMNS,
    THYROID_COLUMNS,
    load_typed_dataset,
)

# Tiny files ----------------------------------------------------------------------------


def kdd_line(attack, protocol="tcp", service="http", flag="SF", value="0", difficulty="20"):
    numeric = [value] + ["1"] * 36  # 37 numeric features after the first four
    return ",".join(["0", protocol, service, flag, *numeric, attack, difficulty])


def thyroid_line(label, age="0.5", tsh="0.001"):
    return ",".join([age, "1", *["0"] * 14, tsh, "0.02", "0.1", "0.1", "0.1", label]) + ","


def arrhythmia_line(label, j="?", age="50"):
    values = [age] + ["1"] * 278
    values[13] = j
    return ",".join([*values, label])


def write_root(root: Path, kdd_train=None, kdd_test=None, thyroid=None, arrhythmia=None):
    files = {
        "nsl-kdd/KDDTrain+_20Percent.txt": kdd_train or [
            kdd_line("normal"), kdd_line("neptune", "udp", "private", "S0"),
            kdd_line("satan"), kdd_line("rootkit"), kdd_line("guess_passwd")],
        "nsl-kdd/KDDTest+.txt": kdd_test or [
            kdd_line("normal", service="ftp"), kdd_line("httptunnel", flag="REJ"),
            kdd_line("mscan", "icmp")],
        "thyroid/ann-train.data": thyroid or [thyroid_line("3"), thyroid_line("1")],
        "thyroid/ann-test.data": [thyroid_line("3"), thyroid_line("2")],
        "arrhythmia/arrhythmia.data": arrhythmia or [
            arrhythmia_line("1"), arrhythmia_line("10", j="12"), arrhythmia_line("16")],
    }
    for name, lines in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n")
    return root


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(LAU2025_DIR_ENV, raising=False)


def test_nsl_kdd_columns_types_and_split(tmp_path, no_env):
    data = load_typed_dataset("nsl-kdd", write_root(tmp_path))
    assert list(data.X.columns) == list(NSL_KDD_COLUMNS)
    for column, categories in [("protocol_type", ["icmp", "tcp", "udp"]),
                               ("service", ["ftp", "http", "private"]),
                               ("flag", ["REJ", "S0", "SF"])]:
        assert isinstance(data.X[column].dtype, pd.CategoricalDtype)
        assert list(data.X[column].cat.categories) == categories  # train and test values
    assert data.X["src_bytes"].dtype == np.int64 and data.X["land"].tolist() == [1] * 8
    assert data.anomaly_type.tolist() == ["normal", "DoS", "Probe", "U2R", "R2L",
                                          "normal", "R2L", "Probe"]  # httptunnel is R2L
    assert data.y.tolist() == [0, 1, 1, 1, 1, 0, 1, 1] and data.y.dtype == np.int64
    assert data.part.tolist() == ["train"] * 5 + ["test"] * 3
    assert data.raw_label[6] == "httptunnel"
    assert data.anomaly_types == ("DoS", "Probe", "R2L", "U2R")


def test_every_category_map_entry_is_one_category():
    names = [attack for attacks in NSL_KDD_ATTACKS.values() for attack in attacks]
    assert len(names) == len(set(names)) == 39 and "http_tunnel" not in names


def test_thyroid_and_arrhythmia_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(LAU2025_DIR_ENV, str(write_root(tmp_path)))
    thyroid = load_typed_dataset("thyroid-ann")
    assert list(thyroid.X.columns) == list(THYROID_COLUMNS)
    assert thyroid.X["sex"].tolist() == [1, 1, 1, 1] and thyroid.X["sex"].dtype == np.int64
    assert thyroid.anomaly_type.tolist() == ["normal", "hyperfunction", "normal", "subnormal"]
    assert thyroid.part.tolist() == ["train", "train", "test", "test"]

    arrhythmia = load_typed_dataset("arrhythmia")
    assert arrhythmia.X.shape == (3, 279) and list(arrhythmia.X.columns) == list(
        ARRHYTHMIA_COLUMNS)
    assert arrhythmia.part is None
    assert arrhythmia.anomaly_type.tolist() == ["normal", "10", "16"]
    j = arrhythmia.X["J_angle"]
    assert j.dtype == np.float64 and j.isna().tolist() == [True, False, True]  # "?" is NaN
    assert arrhythmia.X["age"].dtype == np.int64
    assert list_datasets(group="lau2025") == ["nsl-kdd", "thyroid-ann", "arrhythmia"]


def test_only_datasets_whose_files_exist_are_listed(tmp_path, no_env):
    root = write_root(tmp_path)
    assert "nsl-kdd-full" not in list_datasets(root, group="lau2025")
    with pytest.raises(FileNotFoundError, match=r"KDDTrain\+\.txt"):
        load_typed_dataset("nsl-kdd-full", root)
    (root / "nsl-kdd/KDDTrain+.txt").write_text(kdd_line("normal") + "\n")
    assert "nsl-kdd-full" in list_datasets(root, group="lau2025")
    assert load_typed_dataset("nsl-kdd-full", root).part.tolist() == ["train"] + ["test"] * 3
    (root / "thyroid/ann-test.data").unlink()
    assert list_datasets(root, group="lau2025") == ["nsl-kdd", "nsl-kdd-full", "arrhythmia"]


def test_load_dataset_points_typed_names_to_the_typed_loader(tmp_path, no_env):
    with pytest.raises(ValueError, match=r"load_typed_dataset\('arrhythmia'"):
        load_dataset("arrhythmia", tmp_path)
    assert "nsl-kdd" not in list_datasets(group="embedded")


@pytest.mark.parametrize(
    "files, message",
    [
        ({"kdd_train": [kdd_line("normal"), kdd_line("smurf")[:40]]},
         r"KDDTrain\+_20Percent\.txt, line 2: expected 43 comma-separated fields .*found \d+"),
        ({"kdd_test": [kdd_line("normal") + ",7"]},
         r"KDDTest\+\.txt, line 1: expected 43 .* found 44"),
        ({"kdd_train": [kdd_line("normal", value="12x")]},
         r"KDDTrain\+_20Percent\.txt, line 1, column 'src_bytes': '12x' is not a finite"),
        ({"kdd_train": [kdd_line("normal", value="inf")]}, r"'inf' is not a finite number"),
        ({"kdd_train": [kdd_line("normal"), kdd_line("nosuchattack")]},
         r"line 2: unknown attack name 'nosuchattack'"),
        ({"kdd_train": [kdd_line("normal", difficulty="hard")]},
         r"line 1: the difficulty level 'hard' is not an integer"),
        ({"kdd_train": [""]}, r"KDDTrain\+_20Percent\.txt: the file is empty"),
    ],
)
def test_damaged_kdd_files_name_the_file_and_line(tmp_path, no_env, files, message):
    root = write_root(tmp_path, **files)
    with pytest.raises(ValueError, match=message) as info:
        load_typed_dataset("nsl-kdd", root)
    assert str(root / "nsl-kdd") in str(info.value)


@pytest.mark.parametrize(
    "name, files, message",
    [
        ("thyroid-ann", {"thyroid": [thyroid_line("3")[:-1]]},
         r"ann-train\.data, line 1: expected 23 .*trailing comma"),
        ("thyroid-ann", {"thyroid": [thyroid_line("4")]}, r"line 1: unknown class '4'"),
        ("thyroid-ann", {"thyroid": [thyroid_line("3", tsh="?")]},
         r"column 'TSH': '\?' is not a finite number"),
        ("arrhythmia", {"arrhythmia": [arrhythmia_line("1", age="fifty")]},
         r"arrhythmia\.data, line 1, column 'age': 'fifty' .*written '\?'"),
        ("arrhythmia", {"arrhythmia": [arrhythmia_line("17")]}, r"unknown class '17'"),
    ],
)
def test_damaged_uci_files_name_the_file_and_line(tmp_path, no_env, name, files, message):
    with pytest.raises(ValueError, match=message):
        load_typed_dataset(name, write_root(tmp_path, **files))


def test_missing_files_and_folders_are_named(tmp_path, no_env):
    root = write_root(tmp_path)
    (root / "nsl-kdd/KDDTest+.txt").unlink()
    with pytest.raises(FileNotFoundError, match=r"missing file\(s\) \[.*KDDTest\+\.txt'\]"):
        load_typed_dataset("nsl-kdd", root)
    with pytest.raises(FileNotFoundError, match=f"{tmp_path / 'absent'}.*does not exist"):
        load_typed_dataset("thyroid-ann", tmp_path / "absent")
    with pytest.raises(FileNotFoundError, match=f"no data folder given.*{LAU2025_DIR_ENV}"):
        load_typed_dataset("thyroid-ann")
    with pytest.raises(FileNotFoundError, match=LAU2025_DIR_ENV):
        list_datasets(group="lau2025")
    with pytest.raises(ValueError, match="Unknown typed dataset 'kdd'.*nsl-kdd"):
        load_typed_dataset("kdd", root)


# The real files ------------------------------------------------------------------------


def test_real_nsl_kdd_counts_match_the_data_readme(real_root):
    data = load_real("nsl-kdd", real_root)
    counts = data.counts()
    assert counts.loc["train"].to_dict() == {
        "normal": 13449, "DoS": 9234, "Probe": 2289, "U2R": 11, "R2L": 209}
    assert counts.loc["test"].to_dict() == {
        "normal": 9711, "DoS": 7460, "Probe": 2421, "U2R": 67, "R2L": 2885}
    assert data.X.shape == (25192 + 22544, 41) and not data.X.isna().any().any()
    assert int((data.raw_label == "httptunnel").sum()) == 133
    assert [c for c in data.X.columns if isinstance(data.X[c].dtype, pd.CategoricalDtype)] == [
        "protocol_type", "service", "flag"]
    assert len(data.X["protocol_type"].cat.categories) == 3
    assert len(data.X["flag"].cat.categories) == 11


def test_real_thyroid_and_arrhythmia_counts(real_root):
    thyroid = load_typed_dataset("thyroid-ann", real_root).counts()
    assert thyroid.loc["train"].to_dict() == {"hyperfunction": 93, "subnormal": 191,
                                              "normal": 3488}
    assert thyroid.loc["test"].to_dict() == {"hyperfunction": 73, "subnormal": 177,
                                             "normal": 3178}
    arrhythmia = load_typed_dataset("arrhythmia", real_root)
    assert arrhythmia.X.shape == (452, 279) and int(arrhythmia.X.isna().sum().sum()) == 408
    assert arrhythmia.counts().loc["all"].to_dict() == {
        "normal": 245, "2": 44, "3": 15, "4": 15, "5": 13, "6": 25, "7": 3, "8": 2, "9": 9,
        "10": 50, "14": 4, "15": 5, "16": 22}


def test_a_hand_made_typed_dataset_is_checked():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    types = np.array(["normal", "A", "normal"], dtype=object)
    from pyod_synth.typed_datasets import TypedDataset

    with pytest.raises(ValueError, match=r"3 rows but \{'y': \(2,\)\}"):
        TypedDataset("toy", X, np.array([0, 1]), types, types, None)
    with pytest.raises(ValueError, match="y must be 1 exactly where"):
        TypedDataset("toy", X, np.array([0, 0, 0]), types, types, None)
    with pytest.raises(ValueError, match="part holds"):
        TypedDataset("toy", X, np.array([0, 1, 0]), types, types, np.array(["a"] * 3))
