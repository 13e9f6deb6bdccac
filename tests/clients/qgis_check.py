"""Opens tonle's GeoJSON layers in headless QGIS and prints what QGIS made of them, as JSON.

    python3 qgis_check.py OUT_DIR PNG BEGIN END

For each layer: whether it is valid, its feature count, its geometry type and its field types
as QGIS reports them. For the events and movements layers: the temporal properties set from
the `start` and `end` fields, and the ids of the features QGIS keeps for the range
BEGIN..END (YYYY-MM-DD, both days included). Then the events and movements layers rendered to
PNG, with the number of pixels that are not background.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsLineSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsMarkerSymbol,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
    QgsVectorLayerTemporalProperties,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, QTime  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def day(text, end_of_day=False):
    y, m, d = (int(p) for p in text.split("-"))
    return QDateTime(QDate(y, m, d), QTime(23, 59, 59) if end_of_day else QTime(0, 0, 0))


def main():
    out_dir, png, begin, end = sys.argv[1:5]
    app = QgsApplication([], False)
    app.initQgis()
    report = {"qgis": QgsApplication.instance().applicationVersion() if hasattr(QgsApplication, "applicationVersion") else "", "layers": {}}
    layers = {}
    for name in ("events", "movements", "provinces", "places"):
        layer = QgsVectorLayer(os.path.join(out_dir, name + ".geojson"), name, "ogr")
        layers[name] = layer
        info = {"valid": layer.isValid()}
        if layer.isValid():
            info["count"] = layer.featureCount()
            info["geometry"] = QgsWkbTypes.displayString(layer.wkbType())
            info["fields"] = {f.name(): f.typeName() for f in layer.fields()}
            info["qvariant"] = {f.name(): f.type() for f in layer.fields()}
        report["layers"][name] = info

    window = QgsDateTimeRange(day(begin), day(end, end_of_day=True))
    for name in ("events", "movements"):
        layer = layers[name]
        if not layer.isValid():
            continue
        props = layer.temporalProperties()
        props.setIsActive(True)
        props.setMode(QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields)
        props.setStartField("start")
        props.setEndField("end")
        context = QgsVectorLayerTemporalContext()
        context.setLayer(layer)
        expression = props.createFilterString(context, window)
        ids = sorted(f["id"] for f in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expression)))
        report["layers"][name]["temporal"] = {
            "active": props.isActive(),
            "start_field": props.startField(),
            "end_field": props.endField(),
            "filter": expression,
            "in_range": ids,
        }

    events, movements = layers["events"], layers["movements"]
    if events.isValid() and movements.isValid():
        events.renderer().setSymbol(QgsMarkerSymbol.createSimple({"name": "circle", "color": "200,30,30,200", "size": "3", "outline_color": "white"}))
        movements.renderer().setSymbol(QgsLineSymbol.createSimple({"color": "30,80,200,200", "width": "0.6"}))
        settings = QgsMapSettings()
        settings.setLayers([events, movements])
        settings.setDestinationCrs(events.crs())
        extent = events.extent()
        extent.combineExtentWith(movements.extent())
        extent.scale(1.1)
        settings.setExtent(extent)
        settings.setOutputSize(QSize(1000, 800))
        settings.setBackgroundColor(QColor(255, 255, 255))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        image.save(png, "PNG")
        drawn = 0
        for x in range(0, image.width(), 2):
            for y in range(0, image.height(), 2):
                if image.pixelColor(x, y) != QColor(255, 255, 255):
                    drawn += 1
        report["png"] = {"path": png, "width": image.width(), "height": image.height(), "drawn_samples": drawn}

    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    # QGIS 3.22's bindings can crash while the interpreter exits; leave without tearing down.
    os._exit(0)


if __name__ == "__main__":
    main()
