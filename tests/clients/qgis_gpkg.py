"""Opens every layer of tonle's GeoPackage in headless QGIS, as Layer > Add Vector Layer does,
and prints what QGIS made of it as JSON.

    python3 qgis_gpkg.py FILE.gpkg LAYER [LAYER ...]

For each layer: whether it is valid, its feature count, its fields and their types, the
renderer and temporal settings QGIS applied (from the package's layer_styles table, which QGIS
reads when it loads a layer), whether labels are on, whether loading the default style again
turns time on, and how long opening it and reading every
feature took (seconds; the benchmark reads that).
"""
import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402


def layer_report(path, name):
    began = time.perf_counter()
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    opened = time.perf_counter()
    report = {"valid": layer.isValid()}
    if not layer.isValid():
        return report
    ids = [f["id"] for f in layer.getFeatures()] if layer.fields().indexOf("id") >= 0 else []
    read = time.perf_counter()
    renderer = layer.renderer()
    temporal = layer.temporalProperties()
    report.update(
        {
            "features": layer.featureCount(),
            "ids": len(ids),
            "fields": {f.name(): f.typeName() for f in layer.fields()},
            "renderer": renderer.type() if renderer else None,
            "renderer_attribute": getattr(renderer, "classAttribute", lambda: None)(),
            "temporal": temporal.isActive(),
            "start_field": temporal.startField(),
            "end_field": temporal.endField(),
            "limit_mode": int(temporal.limitMode()),
            "labels": layer.labelsEnabled(),
            "open_seconds": opened - began,
            "read_seconds": read - opened,
        }
    )
    # QGIS 3.22 applies the stored style on opening, then switches time off for every OGR
    # layer (the provider has no time of its own); loading the default style again keeps it.
    message, loaded = layer.loadDefaultStyle()
    report["default_style"] = loaded
    report["temporal_after_default_style"] = layer.temporalProperties().isActive()
    return report


def main():
    path, names = sys.argv[1], sys.argv[2:]
    app = QgsApplication([], False)
    app.initQgis()
    print(json.dumps({name: layer_report(path, name) for name in names}, indent=1))
    app.exitQgis()


if __name__ == "__main__":
    main()
