// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QTimer>

namespace smmo::admin {

class ObjectItem;

/// The live picture of one zone: one ObjectItem per object, kept by id and updated in place (the
/// scene is never rebuilt, so thousands of objects move at the stream rate without stutter).
/// It flashes objects it sees overlapping: the zone's HTTP API reports no collision events, so
/// overlaps of physical objects in what arrives are what it can detect.
class ZoneScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit ZoneScene(QObject *parent = nullptr);
    ~ZoneScene() override;

    /// Everything the zone has: objects missing from the list have gone.
    void applySnapshot(const QList<QJsonObject> &objects);
    /// Objects that changed (or appeared) since the last call.
    void applyChanges(const QList<QJsonObject> &objects);
    void clearObjects();

    ObjectItem *item(qint64 id) const { return m_items.value(id); }
    ObjectItem *findByName(const QString &name) const;
    int objectCount() const { return int(m_items.size()); }
    int playerCount() const;
    QStringList playerNames() const;
    /// Collisions seen so far (each overlapping pair once per batch it is seen in).
    int collisionsSeen() const { return m_collisions; }
    void setFlashDuration(int milliseconds) { m_flashMs = milliseconds; }
    /// The world's extent (in scene coordinates) with a margin: what "fit" shows.
    QRectF objectsRect() const;

signals:
    /// After each batch: counts may have changed.
    void objectsChanged();
    void collision(qint64 first, qint64 second);

private:
    /// Creates or updates the object's item; `moved` says whether it is new, moved or resized.
    ObjectItem *upsert(const QJsonObject &object, bool *moved);
    void detectCollisions(const QList<ObjectItem *> &moved);
    void flash(ObjectItem *item);
    void expireFlashes();

    QHash<qint64, ObjectItem *> m_items;
    QHash<ObjectItem *, qint64> m_flashUntil;
    QTimer m_flashTimer;
    QElapsedTimer m_clock;
    int m_flashMs = 600;
    int m_collisions = 0;
};

} // namespace smmo::admin
