"""Exports the print layouts of tonle's QGIS project to PNG with headless QGIS, offline.

    python3 qgis_layouts.py PROJECT.qgs DPI NAME=OUT.png [NAME=OUT.png ...]

NAME is a layout's name, or its position (1 for the first). Prints, as JSON, each layout of
the project with its items (type, id, and for a map its theme, time range, scale and
layers), and for each export the result code (0: success), the picture's size and how many
colours a grid of every fourth pixel holds (a blank page holds one), with the count of each
colour found at least 20 times (`#d6e6f0`: 20 samples of the sea).
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsLayoutExporter,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemLabel,
    QgsProject,
)
from qgis.PyQt.QtGui import QImage  # noqa: E402


def describe(layout):
    items = []
    for item in layout.items():
        if not hasattr(item, "uuid") or item.type() == 65638:
            continue
        info = {"type": item.type(), "id": item.id()}
        if isinstance(item, QgsLayoutItemMap):
            info["theme"] = item.followVisibilityPresetName() if item.followVisibilityPreset() else None
            info["temporal"] = item.isTemporal()
            if item.isTemporal():
                r = item.temporalRange()
                info["range"] = [r.begin().toString("yyyy-MM-dd"), r.end().toString("yyyy-MM-dd")]
            info["scale"] = item.scale()
            info["layers"] = sorted(l.id() for l in item.layersToRender())
        if isinstance(item, QgsLayoutItemLabel):
            info["text"] = item.text()
            info["shown"] = item.currentText()
        if isinstance(item, QgsLayoutItemLegend):
            info["linked"] = item.linkedMap().id() if item.linkedMap() else None
            info["layers"] = [n.layerId() for n in item.model().rootGroup().findLayers()]
        items.append(info)
    return {"name": layout.name(), "items": sorted(items, key=lambda i: (i["type"], i["id"]))}


def main():
    path, dpi = sys.argv[1], float(sys.argv[2])
    wanted = [a.split("=", 1) for a in sys.argv[3:]]
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    report = {"read": project.read(path)}
    layouts = project.layoutManager().printLayouts()
    report["layouts"] = [describe(l) for l in layouts]
    report["exports"] = []
    for name, png in wanted:
        layout = layouts[int(name) - 1] if name.isdigit() and int(name) <= len(layouts) else project.layoutManager().layoutByName(name)
        if layout is None:
            report["exports"].append({"name": name, "result": "missing"})
            continue
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        result = QgsLayoutExporter(layout).exportToImage(png, settings)
        image = QImage(png)
        colours = {}
        for x in range(0, image.width(), 4):
            for y in range(0, image.height(), 4):
                colour = image.pixelColor(x, y).name()
                colours[colour] = colours.get(colour, 0) + 1
        report["exports"].append({
            "name": layout.name(), "png": png, "result": int(result),
            "width": image.width(), "height": image.height(), "colours": len(colours),
            "common": {c: n for c, n in colours.items() if n >= 5},
        })
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    # QGIS 3.22's bindings can crash while the interpreter exits; leave without tearing down.
    os._exit(0)


if __name__ == "__main__":
    main()
