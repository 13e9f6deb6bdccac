#!/usr/bin/python3
"""Renders the boundary files to PNG with headless QGIS, to look at them.

Run with Debian's python3 (python3-qgis): QT_QPA_PLATFORM=offscreen render.py OUT_DIR
Views: the region, Cambodia, the coast from Koh Kong to Kep, and close-ups of borders;
the source provinces are drawn as thin red lines over the simplified ones, and the
gazetteer's points as dots, so a gap, spike, lost island or misplaced point shows.
"""
import csv
import sys
from pathlib import Path

from qgis.core import (
    QgsApplication, QgsCoordinateReferenceSystem, QgsFeature, QgsField, QgsFillSymbol,
    QgsGeometry, QgsMapRendererParallelJob, QgsMapSettings, QgsMarkerSymbol,
    QgsPalLayerSettings, QgsPointXY, QgsRectangle, QgsTextFormat, QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QSize, QVariant
from qgis.PyQt.QtGui import QColor, QFont

HERE = Path(__file__).resolve().parent
BOUNDARIES = HERE.parent
GAZETTEER = BOUNDARIES.parent

VIEWS = {
    "region": (92.0, 5.0, 110.0, 24.0, 1100),
    "cambodia": (102.2, 10.1, 107.8, 14.8, 1400),
    "coast": (102.3, 10.2, 104.7, 11.9, 1400),
    "poipet": (102.4, 13.5, 102.75, 13.8, 900),
    "bavet": (105.9, 10.85, 106.35, 11.2, 900),
    "tripoint-th-la": (104.9, 14.15, 105.5, 14.5, 900),
    "tripoint-la-vn": (107.2, 14.3, 107.8, 14.8, 900),
    "hat-lek": (102.8, 11.55, 103.05, 11.8, 900),
    "ha-tien": (104.35, 10.3, 104.65, 10.55, 900),
}


def polygons(path, fill, outline, width, label=None):
    layer = QgsVectorLayer(str(path), path.stem, "ogr")
    if not layer.isValid():
        sys.exit(f"QGIS cannot open {path}")
    layer.setRenderer(layer.renderer().clone())
    layer.renderer().setSymbol(QgsFillSymbol.createSimple({
        "color": fill, "outline_color": outline, "outline_width": str(width),
        "outline_width_unit": "MM",
    }))
    if label:
        settings = QgsPalLayerSettings()
        settings.fieldName = label
        fmt = QgsTextFormat()
        fmt.setFont(QFont("DejaVu Sans"))
        fmt.setSize(7)
        fmt.setColor(QColor("#333333"))
        settings.setFormat(fmt)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
        layer.setLabelsEnabled(True)
    return layer


def points():
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "points", "memory")
    provider = layer.dataProvider()
    provider.addAttributes([QgsField("id", QVariant.String)])
    layer.updateFields()
    for name in ("zones.csv", "provinces.csv"):
        with open(GAZETTEER / name, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if not row.get("lat") or not row.get("lon"):
                    continue
                feat = QgsFeature(layer.fields())
                feat.setGeometry(QgsGeometry.fromPointXY(
                    QgsPointXY(float(row["lon"]), float(row["lat"]))))
                feat.setAttribute("id", row["id"])
                provider.addFeature(feat)
    layer.renderer().setSymbol(QgsMarkerSymbol.createSimple({
        "name": "circle", "color": "#d7301f", "size": "1.6", "outline_color": "white"}))
    return layer


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()
    layers = [
        points(),
        polygons(HERE / "source" / "kh-adm1-geoboundaries.geojson", "0,0,0,0", "#ff0000", 0.1),
        polygons(BOUNDARIES / "provinces.geojson", "#f3ecd9", "#7a6f5a", 0.25, "name"),
        polygons(BOUNDARIES / "countries.geojson", "#e3e3e3", "#555555", 0.35, "name"),
    ]
    for name, (x0, y0, x1, y1, width) in VIEWS.items():
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        settings.setExtent(QgsRectangle(x0, y0, x1, y1))
        settings.setOutputSize(QSize(width, int(width * (y1 - y0) / (x1 - x0))))
        settings.setBackgroundColor(QColor("#cfe3f0"))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        path = out / f"boundaries-{name}.png"
        job.renderedImage().save(str(path), "PNG")
        print(path)
    app.exitQgis()


if __name__ == "__main__":
    main()
