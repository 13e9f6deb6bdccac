"""Opens tonle's QGIS project in headless QGIS, as a user would, and prints what QGIS made of it.

    python3 qgis_project.py PROJECT.qgs OUT_PREFIX BEGIN/END [BEGIN/END ...]

Reports the project (CRS, title, metadata, time settings, Temporal Controller mode, default
view), every layer as QGIS loaded it (validity, feature count, renderer, temporal properties,
labels, visibility, tree order), then, for each frame BEGIN/END (YYYY-MM-DD, END excluded, as
QGIS's own frames are), the ids each temporal layer keeps by its own temporal settings and a
render of the project's visible layers for that frame to OUT_PREFIX-BEGIN.png. A render of
the layers that are not temporal gives the baseline: pixels that differ from it were drawn by
the events and movements of the frame.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsMapLayerType,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsVectorLayerTemporalContext,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, QTime, Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

from qgis_layouts import describe  # noqa: E402


def moment(text):
    y, m, d = (int(p) for p in text.split("-"))
    return QDateTime(QDate(y, m, d), QTime(0, 0, 0), Qt.UTC)


def render(project, layers, extent, time_range, png):
    settings = QgsMapSettings()
    sea = [project.readNumEntry("Gui", "/CanvasColor%sPart" % p, 255)[0] for p in ("Red", "Green", "Blue")]
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setTransformContext(project.transformContext())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(900, 1000))
    settings.setBackgroundColor(QColor(*sea))
    if time_range is not None:
        settings.setIsTemporal(True)
        settings.setTemporalRange(time_range)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if png:
        image.save(png, "PNG")
    return image


def main():
    path, prefix = sys.argv[1:3]
    frames = [f.split("/") for f in sys.argv[3:]]
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    report = {"read": project.read(path)}
    time = project.timeSettings()
    metadata = project.metadata()
    view = project.viewSettings().defaultViewExtent()
    wgs84 = QgsCoordinateTransform(view.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), project).transformBoundingBox(view)
    report["project"] = {
        "crs": project.crs().authid(),
        "title": project.title(),
        "metadata_title": metadata.title(),
        "abstract": metadata.abstract(),
        "absolute_paths": project.readBoolEntry("Paths", "/Absolute", True)[0],
        "range": [time.temporalRange().begin().toString(Qt.ISODate), time.temporalRange().end().toString(Qt.ISODate)],
        "step": time.timeStep(),
        "step_unit": int(time.timeStepUnit()),
        "frame_rate": time.framesPerSecond(),
        "navigation_mode": project.readNumEntry("TemporalControllerWidget", "/NavigationMode", -1)[0],
        "view_wgs84": [wgs84.xMinimum(), wgs84.yMinimum(), wgs84.xMaximum(), wgs84.yMaximum()],
    }
    tree = [node for node in project.layerTreeRoot().findLayers()]
    report["tree"] = [{"id": n.layerId(), "name": n.name(), "visible": n.isVisible()} for n in tree]
    report["themes"] = {
        name: sorted(r.layer().id() for r in project.mapThemeCollection().mapThemeState(name).layerRecords())
        for name in project.mapThemeCollection().mapThemes()
    }
    report["layouts"] = [describe(l) for l in project.layoutManager().printLayouts()]
    report["background"] = [
        project.readNumEntry("Gui", "/CanvasColor%sPart" % part, -1)[0] for part in ("Red", "Green", "Blue")
    ]
    layers = {}
    for layer in project.mapLayers().values():
        if layer.type() != QgsMapLayerType.VectorLayer:
            report.setdefault("rasters", {})[layer.name()] = {"valid": layer.isValid(), "source": layer.source()}
            continue
        props = layer.temporalProperties()
        renderer = layer.renderer()
        outer = renderer.type() if renderer else None
        if renderer and renderer.type() in ("pointDisplacement", "pointCluster"):
            renderer = renderer.embeddedRenderer()
        info = {
            "name": layer.name(),
            "outer_renderer": outer,
            "opacity": layer.opacity(),
            "valid": layer.isValid(),
            "source": layer.source(),
            "count": layer.featureCount(),
            "geometry": layer.geometryType(),
            "renderer": renderer.type() if renderer else None,
            "temporal": {
                "active": props.isActive(),
                "mode": int(props.mode()),
                "start_field": props.startField(),
                "end_field": props.endField(),
                "limit_mode": int(props.limitMode()),
            },
            "labels": layer.labelsEnabled(),
        }
        if renderer and renderer.type() == "categorizedSymbol":
            info["attr"] = renderer.classAttribute()
            # Hold the copies: a symbol lives as long as the category it came from.
            categories = renderer.categories()
            info["categories"] = [c.value() for c in categories]
            if categories:
                symbol = categories[0].symbol()
                info["symbol_layers"] = [sl.layerType() for sl in symbol.symbolLayers()]
                defined = symbol.symbolLayer(0).dataDefinedProperties()
                info["data_defined"] = sorted(
                    defined.property(k).expressionString() for k in defined.propertyKeys()
                )
        if renderer and renderer.type() == "graduatedSymbol":
            info["attr"] = renderer.classAttribute()
            ranges = renderer.ranges()
            info["ranges"] = [[r.lowerValue(), r.upperValue()] for r in ranges]
        if renderer and renderer.type() == "singleSymbol":
            info["symbol_layers"] = [sl.layerType() for sl in renderer.symbol().symbolLayers()]
        if layer.labelsEnabled():
            settings = layer.labeling().settings()
            info["label_expression"] = settings.fieldName
            info["label_min_scale"] = settings.minimumScale
            info["label_scale_visibility"] = settings.scaleVisibility
        key = layer.id().replace("tonle_", "")
        report.setdefault("layers", {})[key] = info
        layers[key] = layer

    # The basemap needs the network (tile.openstreetmap.org); the renders leave it out.
    visible = [n.layer() for n in tree if n.isVisible() and n.layer().type() == QgsMapLayerType.VectorLayer]
    static = [layer for layer in visible if not layer.temporalProperties().isActive()]
    baseline = render(project, static, view, None, None)
    report["frames"] = []
    for begin, end in frames:
        window = QgsDateTimeRange(moment(begin), moment(end), True, False)
        frame = {"begin": begin, "end": end, "kept": {}}
        for name, layer in layers.items():
            props = layer.temporalProperties()
            if not props.isActive():
                continue
            context = QgsVectorLayerTemporalContext()
            context.setLayer(layer)
            expression = props.createFilterString(context, window)
            request = QgsFeatureRequest().setFilterExpression(expression)
            frame["kept"][name] = sorted(f["id"] for f in layer.getFeatures(request))
        png = "%s-%s.png" % (prefix, begin)
        image = render(project, visible, view, window, png)
        changed = 0
        for x in range(0, image.width(), 2):
            for y in range(0, image.height(), 2):
                if image.pixelColor(x, y) != baseline.pixelColor(x, y):
                    changed += 1
        frame["png"] = png
        frame["changed_samples"] = changed
        report["frames"].append(frame)

    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    # QGIS 3.22's bindings can crash while the interpreter exits; leave without tearing down.
    os._exit(0)


if __name__ == "__main__":
    main()
