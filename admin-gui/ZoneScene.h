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
/// Objects the zone reports colliding (its `collision` events) flash for a moment.
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
    /// Objects that were destroyed.
    void removeObjects(const QList<qint64> &ids);
    /// A `collision` event: `id` ran into `other` (the zone reports each collision once about each
    /// of the two, so it is counted once).
    void flashCollision(qint64 id, qint64 other);
    void clearObjects();

    ObjectItem *item(qint64 id) const { return m_items.value(id); }
    ObjectItem *findByName(const QString &name) const;
    int objectCount() const { return int(m_items.size()); }
    int playerCount() const;
    QStringList playerNames() const;
    /// Collisions reported so far.
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
    /// Deletes the item; returns the next one.
    QHash<qint64, ObjectItem *>::iterator remove(QHash<qint64, ObjectItem *>::iterator it);
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
