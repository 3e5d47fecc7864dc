"""Capability tags of generators and detectors, carried by scikit-learn's ``__sklearn_tags__``.

As imbalanced-learn adds ``sampler_tags`` to scikit-learn's ``Tags``, pyod-synth adds
``anomaly_tags``: an :class:`AnomalyTags` saying whether an estimator learns from labels,
needs labeled anomalies, and draws its own synthetic anomalies. A generator (or a torch
detector) declares ``requires_anomalies`` as a class attribute, which the one
``__sklearn_tags__`` of ``BaseGenerator`` (``BaseTorchDetector``) turns into the tag::

    class MyGenerator(BaseGenerator):
        requires_anomalies = True

A class deriving from a plain scikit-learn or PyOD class uses :func:`add_anomaly_tags`::

    def __sklearn_tags__(self):
        return add_anomaly_tags(super().__sklearn_tags__(), learns_from_labels=True)

Read them with :func:`get_anomaly_tags` (or one of :func:`learns_from_labels`,
:func:`requires_anomalies`, :func:`draws_own_anomalies`). For a foreign object without
them, they are guessed, and only then: a scikit-learn classifier, or an object whose
``fit`` requires ``y`` (PyOD's XGBOD and DevNet), learns from labels and is assumed to need
labeled anomalies (a classifier cannot fit one class); anything else (IForest, ...) does
neither.

Examples
--------
>>> from sklearn.ensemble import RandomForestClassifier
>>> from pyod.models.iforest import IForest
>>> from pyod_synth.tags import get_anomaly_tags, learns_from_labels
>>> get_anomaly_tags(RandomForestClassifier())
AnomalyTags(learns_from_labels=True, requires_anomalies=True, draws_own_anomalies=False)
>>> learns_from_labels(IForest())
False
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, fields, replace

from sklearn.base import is_classifier
from sklearn.pipeline import Pipeline
from sklearn.utils import ClassifierTags, get_tags
from sklearn.utils import Tags as SklearnTags

__all__ = [
    "AnomalyTags",
    "Tags",
    "add_anomaly_tags",
    "add_label_learner_tags",
    "draws_own_anomalies",
    "get_anomaly_tags",
    "learns_from_labels",
    "requires_anomalies",
]


@dataclass(slots=True)
class AnomalyTags:
    """What pyod-synth needs to know about a generator or detector.

    Parameters
    ----------
    learns_from_labels : bool, default=False
        ``fit(X, y)`` learns from ``y`` (1 = anomaly, real or synthetic), so synthetic
        anomalies can teach it. ``Augmented`` refuses a detector without it: it would
        learn the synthetic anomalies as normal data.
    requires_anomalies : bool, default=False
        ``fit`` needs at least one row labeled 1. A generator with it is skipped by a
        mixture when nothing is labeled; a detector without it (DeepSAD, LUNAR) may be
        trained by ``Augmented`` on unlabeled rows alone.
    draws_own_anomalies : bool, default=False
        The detector adds synthetic anomalies itself (``ScoreBlend``), so an ``Augmented``
        around it must not add more.
    """

    learns_from_labels: bool = False
    requires_anomalies: bool = False
    draws_own_anomalies: bool = False


@dataclass(slots=True)
class Tags(SklearnTags):
    """scikit-learn's ``Tags`` plus pyod-synth's ``anomaly_tags``."""

    anomaly_tags: AnomalyTags | None = field(default=None)


def add_anomaly_tags(tags: SklearnTags, **flags: bool) -> Tags:
    """``tags`` as a pyod-synth :class:`Tags` whose ``anomaly_tags`` carry ``flags``.

    Flags not given keep the value they had in ``tags`` (or the default).
    """
    if not isinstance(tags, Tags):
        tags = Tags(**{f.name: getattr(tags, f.name) for f in fields(SklearnTags)})
    tags.anomaly_tags = replace(tags.anomaly_tags or AnomalyTags(), **flags)
    return tags


def add_label_learner_tags(tags: SklearnTags, **flags: bool) -> Tags:
    """Tags of a PyOD detector that learns from 0/1 labels (``learns_from_labels``).

    ``y`` is binary (1 = labeled anomaly): ``ClassifierTags(multi_class=False)`` makes
    scikit-learn's estimator checks send 0/1 labels. ``flags`` set further anomaly tags.
    """
    tags.classifier_tags = ClassifierTags(multi_class=False)
    return add_anomaly_tags(tags, learns_from_labels=True, **flags)


def _fit_requires_y(estimator) -> bool:
    try:
        y_param = inspect.signature(estimator.fit).parameters.get("y")
    except (AttributeError, TypeError, ValueError):
        return False
    return y_param is not None and y_param.default is inspect.Parameter.empty


def _guessed(estimator) -> AnomalyTags:
    """The documented fallback for objects that declare no anomaly tags."""
    classifier = hasattr(estimator, "__sklearn_tags__") and is_classifier(estimator)
    learns = classifier or _fit_requires_y(estimator)
    return AnomalyTags(learns_from_labels=learns, requires_anomalies=learns)


def final_estimator(estimator):
    """The step that decides what a scikit-learn ``Pipeline`` can do: its last one.

    A pipeline's own tags keep only scikit-learn's fields of its last step, so
    ``make_pipeline(MinMaxScaler(), LauClassifier())`` is judged (and scored) by
    ``LauClassifier``. Anything else is returned as it is.
    """
    if isinstance(estimator, Pipeline) and estimator.steps:
        last = estimator.steps[-1][1]
        return estimator if last in (None, "passthrough") else final_estimator(last)
    return estimator


def estimator_name(estimator) -> str:
    """The class name messages give ``estimator``; a ``Pipeline`` by its last step."""
    final = final_estimator(estimator)
    if final is estimator:
        return type(estimator).__name__
    return f"{type(final).__name__} (the last step of a Pipeline)"


def get_anomaly_tags(estimator) -> AnomalyTags:
    """The estimator's declared :class:`AnomalyTags`, or the guess for a foreign object.

    A ``Pipeline`` has the tags of its last step (:func:`final_estimator`).
    """
    estimator = final_estimator(estimator)
    try:
        tags = get_tags(estimator)
    except (AttributeError, TypeError):  # no __sklearn_tags__ at all
        return _guessed(estimator)
    if not isinstance(tags, SklearnTags):
        # Else scikit-learn fails later with "'NoneType' object has no attribute ...".
        raise TypeError(
            f"{type(estimator).__name__}.__sklearn_tags__() returned {tags!r}, not "
            "sklearn.utils.Tags: extend super().__sklearn_tags__() (see pyod_synth.tags) or "
            "remove the method"
        )
    declared = getattr(tags, "anomaly_tags", None)
    return replace(declared) if declared is not None else _guessed(estimator)


def learns_from_labels(estimator) -> bool:
    """Whether ``estimator.fit(X, y)`` learns from ``y``."""
    return bool(get_anomaly_tags(estimator).learns_from_labels)


def requires_anomalies(estimator) -> bool:
    """Whether ``estimator.fit`` needs at least one row labeled 1."""
    return bool(get_anomaly_tags(estimator).requires_anomalies)


def draws_own_anomalies(estimator) -> bool:
    """Whether the estimator adds synthetic anomalies itself."""
    return bool(get_anomaly_tags(estimator).draws_own_anomalies)
