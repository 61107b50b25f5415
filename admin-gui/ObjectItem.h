// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QGraphicsEllipseItem>
#include <QJsonObject>

class QGraphicsSimpleTextItem;

namespace smmo::admin {

/// One zone object in the physics view: an ellipse of the object's scale_x by scale_y metres at its
/// position (world y up, so drawn at -y), filled when it is physical, highlighted (with its name)
/// when it is a player, and briefly red when the zone reported it colliding.
class ObjectItem : public QGraphicsEllipseItem
{
public:
    explicit ObjectItem(qint64 id);

    /// Takes the object's fields (a whole object or the changed fields of one); true when it moved
    /// or changed its size.
    bool update(const QJsonObject &object);
    void setFlashing(bool flashing);
    bool isFlashing() const { return m_flashing; }

    qint64 id() const { return m_id; }
    QString name() const { return m_name; }
    bool isPlayer() const { return m_player; }
    bool isPhysical() const { return m_physical; }
    /// The collision radius: half the larger of scale_x and scale_y (docs/protocol.md).
    double radius() const { return m_radius; }
    /// The object's position in world coordinates.
    QPointF worldPos() const { return {pos().x(), -pos().y()}; }

private:
    void restyle();

    qint64 m_id;
    QString m_name;
    QStringList m_states;
    bool m_player = false;
    bool m_physical = false;
    bool m_flashing = false;
    double m_radius = 0.5;
    QGraphicsSimpleTextItem *m_label = nullptr;
};

} // namespace smmo::admin
