// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneScene.h"

#include "ObjectItem.h"

#include <QSet>

namespace smmo::admin {

namespace {
// Room around the objects, so the view can centre on any of them (following a character at the
// edge of the world) and pan a little beyond.
constexpr double margin = 500;
} // namespace

ZoneScene::ZoneScene(QObject *parent) : QGraphicsScene(parent)
{
    // Items move every tick: a BSP index would be rebuilt all the time, a linear scan is cheaper.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    setSceneRect(-margin, -margin, 2 * margin, 2 * margin);
    m_flashTimer.setInterval(100);
    connect(&m_flashTimer, &QTimer::timeout, this, &ZoneScene::expireFlashes);
    m_clock.start();
}

ZoneScene::~ZoneScene()
{
    clearObjects();
}

ObjectItem *ZoneScene::upsert(const QJsonObject &object, bool *moved)
{
    const QJsonValue idValue = object.value(QStringLiteral("id"));
    if (!idValue.isDouble())
        return nullptr;
    const qint64 id = idValue.toInteger();
    ObjectItem *&item = m_items[id];
    const bool isNew = !item;
    if (isNew) {
        item = new ObjectItem(id);
        addItem(item);
    }
    *moved = item->update(object) || isNew;
    return item;
}

void ZoneScene::applySnapshot(const QList<QJsonObject> &objects)
{
    QSet<qint64> present;
    for (const QJsonObject &object : objects) {
        bool moved = false;
        if (ObjectItem *item = upsert(object, &moved))
            present.insert(item->id());
    }
    for (auto it = m_items.begin(); it != m_items.end();) {
        if (present.contains(it.key()))
            ++it;
        else
            it = remove(it);
    }
    setSceneRect(sceneRect().united(objectsRect().adjusted(-margin, -margin, margin, margin)));
    emit objectsChanged();
}

QHash<qint64, ObjectItem *>::iterator ZoneScene::remove(QHash<qint64, ObjectItem *>::iterator it)
{
    m_flashUntil.remove(it.value());
    delete it.value();
    return m_items.erase(it);
}

void ZoneScene::removeObjects(const QList<qint64> &ids)
{
    bool any = false;
    for (const qint64 id : ids) {
        const auto it = m_items.find(id);
        if (it == m_items.end())
            continue;
        remove(it);
        any = true;
    }
    if (any)
        emit objectsChanged();
}

void ZoneScene::flashCollision(qint64 id, qint64 other)
{
    ObjectItem *first = m_items.value(id);
    ObjectItem *second = m_items.value(other);
    if (first)
        flash(first);
    if (second)
        flash(second);
    if (id < other && (first || second)) {
        ++m_collisions;
        emit collision(id, other);
        emit objectsChanged();
    }
}

void ZoneScene::applyChanges(const QList<QJsonObject> &objects)
{
    QList<ObjectItem *> touched;
    touched.reserve(objects.size());
    bool any = false;
    for (const QJsonObject &object : objects) {
        bool moved = false;
        if (ObjectItem *item = upsert(object, &moved)) {
            any = true;
            if (moved)
                touched.append(item);
        }
    }
    if (!any)
        return;
    QRectF grown = sceneRect();
    for (const ObjectItem *item : std::as_const(touched))
        if (!grown.contains(item->pos()))
            grown =
                grown.united(QRectF(item->pos() - QPointF(margin, margin), QSizeF(2 * margin, 2 * margin)));
    if (grown != sceneRect())
        setSceneRect(grown);
    emit objectsChanged();
}

void ZoneScene::clearObjects()
{
    m_flashUntil.clear();
    m_flashTimer.stop();
    qDeleteAll(m_items);
    m_items.clear();
    setSceneRect(-margin, -margin, 2 * margin, 2 * margin);
    emit objectsChanged();
}

ObjectItem *ZoneScene::findByName(const QString &name) const
{
    ObjectItem *found = nullptr;
    for (ObjectItem *item : m_items) {
        if (item->name().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (item->isPlayer())
            return item; // a character's object is what "follow" means
        found = item;
    }
    return found;
}

int ZoneScene::playerCount() const
{
    int players = 0;
    for (const ObjectItem *item : m_items)
        players += item->isPlayer() ? 1 : 0;
    return players;
}

QStringList ZoneScene::playerNames() const
{
    QStringList names;
    for (const ObjectItem *item : m_items)
        if (item->isPlayer())
            names.append(item->name());
    names.sort(Qt::CaseInsensitive);
    return names;
}

QRectF ZoneScene::objectsRect() const
{
    QRectF rect;
    for (const ObjectItem *item : m_items)
        rect = rect.united(item->mapRectToScene(item->rect()));
    if (rect.isNull())
        return QRectF(-50, -50, 100, 100);
    return rect.adjusted(-10, -10, 10, 10);
}

void ZoneScene::flash(ObjectItem *item)
{
    item->setFlashing(true);
    m_flashUntil.insert(item, m_clock.elapsed() + m_flashMs);
    if (!m_flashTimer.isActive())
        m_flashTimer.start();
}

void ZoneScene::expireFlashes()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_flashUntil.begin(); it != m_flashUntil.end();) {
        if (it.value() > now) {
            ++it;
            continue;
        }
        it.key()->setFlashing(false);
        it = m_flashUntil.erase(it);
    }
    if (m_flashUntil.isEmpty())
        m_flashTimer.stop();
}

} // namespace smmo::admin
