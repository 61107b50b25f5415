// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QGraphicsView>

namespace smmo::admin {

/// The view onto a ZoneScene: a metre grid behind the objects, zoom with the wheel (or + and -),
/// pan by dragging, 0 to fit everything in.
class PhysicsView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit PhysicsView(QWidget *parent = nullptr);

    void zoomBy(double factor);
    void fitObjects();
    double zoom() const { return transform().m11(); }

signals:
    /// The user zoomed or panned by hand (following a character stops then).
    void userMoved();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
};

} // namespace smmo::admin
