"""deploy/: the Kubernetes manifests are valid objects of the API (the kubernetes
client's models, every field known), the kustomization lists them, and every
``LASUITE_*`` variable the deployment files set is one lasuite reads. The Dockerfile is
linted by hadolint and compose.yaml checked against the Compose specification's schema
in ``make deploylint``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from kubernetes.client import ApiClient

from lasuite.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
MODELS = {
    ("v1", "Namespace"): "V1Namespace",
    ("v1", "ConfigMap"): "V1ConfigMap",
    ("v1", "Secret"): "V1Secret",
    ("v1", "Service"): "V1Service",
    ("apps/v1", "Deployment"): "V1Deployment",
    ("batch/v1", "Job"): "V1Job",
    ("networking.k8s.io/v1", "Ingress"): "V1Ingress",
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "V2HorizontalPodAutoscaler",
    ("policy/v1", "PodDisruptionBudget"): "V1PodDisruptionBudget",
}
VARIABLE = re.compile(r"\bLASUITE_[A-Z0-9_]+\b")


def manifests() -> list[Path]:
    return sorted(p for p in KUBERNETES.glob("*.yaml") if p.name != "kustomization.yaml")


def as_model(document: dict[str, Any]) -> Any:
    model = MODELS[(document["apiVersion"], document["kind"])]
    return ApiClient()._ApiClient__deserialize(document, model)  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", manifests(), ids=lambda p: p.name)
def test_each_manifest_is_a_valid_object_whose_every_field_is_known(path: Path) -> None:
    document = yaml.safe_load(path.read_text())

    model = as_model(document)
    again = ApiClient().sanitize_for_serialization(model)

    # A misspelt or misplaced field is dropped by the model: the object would differ.
    assert again == document


def test_the_kustomization_applies_every_manifest_but_the_secret_example() -> None:
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())

    assert sorted(kustomization["resources"]) == sorted(
        p.name for p in manifests() if p.name != "secret.example.yaml"
    )


def test_pods_run_without_rights_on_a_read_only_root_and_the_app_is_probed() -> None:
    pods = {
        p.name: as_model(yaml.safe_load(p.read_text())).spec.template.spec
        for p in manifests()
        if yaml.safe_load(p.read_text())["kind"] in ("Deployment", "Job")
    }
    app = pods["app-deployment.yaml"].containers[0]

    assert set(pods) == {"app-deployment.yaml", "worker-deployment.yaml", "migrate-job.yaml"}
    for pod in pods.values():
        assert pod.security_context.run_as_non_root
        for container in pod.containers:
            assert container.security_context.read_only_root_filesystem
            assert container.security_context.allow_privilege_escalation is False
            assert container.resources.limits["memory"]
            assert {m.mount_path for m in container.volume_mounts} == {"/tmp", "/var/lib/lasuite"}
    assert (app.liveness_probe.http_get.path, app.readiness_probe.http_get.path) == (
        "/healthz",
        "/readyz",
    )


def known_variables() -> set[str]:
    """The variables lasuite reads: its settings, and those the plugins read themselves."""
    settings = {f"LASUITE_{name.upper()}" for name in Settings.model_fields}
    plugins = {
        name
        for source in ROOT.glob("plugins/*/lasuite_*/*.py")
        for name in VARIABLE.findall(source.read_text())
    }
    return settings | plugins


@pytest.mark.parametrize(
    "path",
    [
        DEPLOY / "compose.yaml",
        DEPLOY / ".env.example",
        KUBERNETES / "configmap.yaml",
        KUBERNETES / "secret.example.yaml",
    ],
    ids=lambda p: p.name,
)
def test_every_variable_the_deployment_sets_is_one_lasuite_reads(path: Path) -> None:
    named = set(VARIABLE.findall(path.read_text()))

    assert named, path
    assert named - known_variables() == set()


def test_the_compose_file_runs_two_app_instances_after_the_migrations() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]

    assert services["app"]["deploy"]["replicas"] == 2
    assert services["app"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["worker"]["command"] == ["worker"]
    assert {"postgres", "redis", "minio", "livekit", "proxy"} <= set(services)
    assert all(services[name]["read_only"] for name in ("app", "worker", "migrate"))


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kubectl_renders_the_kustomization() -> None:
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(KUBERNETES)], capture_output=True, text=True, check=True
    ).stdout
    objects = [d for d in yaml.safe_load_all(rendered) if d]

    assert {d["kind"] for d in objects} >= {"Deployment", "Job", "Ingress", "ConfigMap"}
    assert all(
        d["metadata"].get("namespace") == "lasuite" for d in objects if d["kind"] != "Namespace"
    )
    images = {
        c["image"]
        for d in objects
        if d["kind"] in ("Deployment", "Job")
        for c in d["spec"]["template"]["spec"]["containers"]
    }
    assert images == {"registry.example.gouv.fr/lasuite:0.1.0"}
