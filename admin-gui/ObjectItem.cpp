// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ObjectItem.h"

#include <QBrush>
#include <QGraphicsSimpleTextItem>
#include <QJsonArray>
#include <QPen>

namespace smmo::admin {

namespace {
const QColor physicalFill(0x5b, 0x8d, 0xc9);
const QColor ghostFill(0x5b, 0x8d, 0xc9, 40);
const QColor playerFill(0xf0, 0x9a, 0x20);
const QColor offlineFill(0xf0, 0x9a, 0x20, 70); // a character that has left: still there, faint
const QColor flashFill(0xe0, 0x20, 0x20);
} // namespace

ObjectItem::ObjectItem(qint64 id) : m_id(id)
{
    setRect(-0.5, -0.5, 1, 1);
    // Hover for the tooltip only; the view pans by dragging, so items are not selectable.
    setAcceptHoverEvents(true);
    restyle();
}

bool ObjectItem::update(const QJsonObject &object)
{
    bool styleChanged = false;
    bool moved = false;
    QString tooltipName = m_name;
    if (object.contains(QStringLiteral("name")))
        m_name = object.value(QStringLiteral("name")).toString();
    if (object.contains(QStringLiteral("states"))) {
        QStringList states;
        for (const QJsonValue &state : object.value(QStringLiteral("states")).toArray())
            states.append(state.toString());
        styleChanged |=
            states.contains(QStringLiteral("offline")) != m_states.contains(QStringLiteral("offline"));
        m_states = states;
        const bool player = states.contains(QStringLiteral("player"));
        styleChanged |= player != m_player;
        m_player = player;
    }
    if (object.contains(QStringLiteral("physical"))) {
        const bool physical = object.value(QStringLiteral("physical")).toBool();
        styleChanged |= physical != m_physical;
        m_physical = physical;
    }
    if (object.contains(QStringLiteral("scale_x")) || object.contains(QStringLiteral("scale_y"))) {
        const double w = qMax(0.05, qAbs(object.value(QStringLiteral("scale_x")).toDouble(rect().width())));
        const double h = qMax(0.05, qAbs(object.value(QStringLiteral("scale_y")).toDouble(rect().height())));
        if (w != rect().width() || h != rect().height()) {
            setRect(-w / 2, -h / 2, w, h);
            moved = true;
        }
        m_radius = qMax(w, h) / 2;
    }
    if (object.contains(QStringLiteral("loc_x")) || object.contains(QStringLiteral("loc_y"))) {
        const QPointF world(object.value(QStringLiteral("loc_x")).toDouble(worldPos().x()),
                            object.value(QStringLiteral("loc_y")).toDouble(worldPos().y()));
        const QPointF scenePos(world.x(), -world.y());
        if (scenePos != pos()) {
            setPos(scenePos);
            moved = true;
        }
    }
    if (styleChanged)
        restyle();
    if (m_label && m_label->text() != m_name)
        m_label->setText(m_name);
    if (tooltipName != m_name || object.contains(QStringLiteral("states")))
        setToolTip(QStringLiteral("%1 (#%2)%3")
                       .arg(m_name)
                       .arg(m_id)
                       .arg(m_states.isEmpty() ? QString()
                                               : QStringLiteral("\n") + m_states.join(QStringLiteral(", "))));
    return moved;
}

void ObjectItem::setFlashing(bool flashing)
{
    if (flashing == m_flashing)
        return;
    m_flashing = flashing;
    restyle();
}

void ObjectItem::restyle()
{
    QPen pen(m_player ? QColor(0x90, 0x50, 0x00) : QColor(0x2a, 0x4a, 0x70));
    pen.setCosmetic(true); // one pixel whatever the zoom
    pen.setWidthF(m_player ? 2.0 : 1.0);
    setPen(pen);
    if (m_flashing)
        setBrush(flashFill);
    else if (m_player)
        setBrush(m_states.contains(QStringLiteral("offline")) ? offlineFill : playerFill);
    else
        setBrush(m_physical ? physicalFill : ghostFill);
    setZValue(m_player ? 2 : (m_physical ? 1 : 0));
    // Players carry their name; everything else shows it on hover, to keep 2,000 objects legible.
    if (m_player && !m_label) {
        m_label = new QGraphicsSimpleTextItem(m_name, this);
        m_label->setFlag(QGraphicsItem::ItemIgnoresTransformations);
        m_label->setPos(0.6, -0.6);
        m_label->setBrush(QColor(0x60, 0x30, 0x00));
    } else if (!m_player && m_label) {
        delete m_label;
        m_label = nullptr;
    }
}

} // namespace smmo::admin
