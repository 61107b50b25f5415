// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PhysicsView.h"

#include "ZoneScene.h"

#include <QKeyEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace smmo::admin {

PhysicsView::PhysicsView(QWidget *parent) : QGraphicsView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    // Many small items move each tick: repaint their bounding rects, keep no painter state around.
    setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
    setOptimizationFlags(QGraphicsView::DontSavePainterState | QGraphicsView::DontAdjustForAntialiasing);
    setBackgroundBrush(QColor(0xf4, 0xf6, 0xf0));
    scale(8, 8); // 8 pixels per metre to start with
}

void PhysicsView::zoomBy(double factor)
{
    const double next = zoom() * factor;
    if (next < 0.05 || next > 400)
        return;
    scale(factor, factor);
}

void PhysicsView::fitObjects()
{
    auto *zone = qobject_cast<ZoneScene *>(scene());
    if (!zone)
        return;
    fitInView(zone->objectsRect(), Qt::KeepAspectRatio);
}

void PhysicsView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(1.2, steps));
    emit userMoved();
    event->accept();
}

void PhysicsView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1.25);
        emit userMoved();
        return;
    case Qt::Key_Minus:
        zoomBy(0.8);
        emit userMoved();
        return;
    case Qt::Key_0:
        fitObjects();
        emit userMoved();
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

void PhysicsView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        emit userMoved();
    QGraphicsView::mousePressEvent(event);
}

void PhysicsView::drawBackground(QPainter *painter, const QRectF &rect)
{
    QGraphicsView::drawBackground(painter, rect);
    // Lines every 1, 10 or 100 m, whichever keeps them at least 8 pixels apart.
    double step = 1;
    while (step * zoom() < 8)
        step *= 10;
    QPen minor(QColor(0xdd, 0xe2, 0xd8));
    minor.setCosmetic(true);
    QPen major(QColor(0xb8, 0xc0, 0xb0));
    major.setCosmetic(true);
    const double left = std::floor(rect.left() / step) * step;
    const double top = std::floor(rect.top() / step) * step;
    for (double x = left; x <= rect.right(); x += step) {
        painter->setPen(std::fmod(std::abs(x), step * 10) < step / 2 ? major : minor);
        painter->drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()));
    }
    for (double y = top; y <= rect.bottom(); y += step) {
        painter->setPen(std::fmod(std::abs(y), step * 10) < step / 2 ? major : minor);
        painter->drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y));
    }
    QPen axis(QColor(0x90, 0x98, 0x88));
    axis.setCosmetic(true);
    axis.setWidthF(1.5);
    painter->setPen(axis);
    painter->drawLine(QPointF(0, rect.top()), QPointF(0, rect.bottom()));
    painter->drawLine(QPointF(rect.left(), 0), QPointF(rect.right(), 0));
}

} // namespace smmo::admin
