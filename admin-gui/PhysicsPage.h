// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;

namespace smmo::admin {

class ClusterConnection;
class EmptyState;
class PhysicsView;
class ZoneMonitor;
class ZonePicker;
class ZoneScene;
class ZoneSpectator;

/// The Physics page: pick a running zone and watch its objects live as a spectator on its stream,
/// drawn at their positions with their shapes; players highlighted, names on hover, zoom and pan,
/// follow a character, collisions flashed as the zone reports them.
class PhysicsPage : public QWidget
{
    Q_OBJECT
public:
    PhysicsPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent = nullptr);

    ZoneScene *scene() const { return m_scene; }
    PhysicsView *view() const { return m_view; }
    ZoneSpectator *spectator() const { return m_spectator; }
    ZonePicker *zonePicker() const { return m_picker; }

    /// Watches the zone (it must be running); false when it is not.
    bool watchZone(const QString &zoneId);
    /// Keeps the view centred on the character's object; empty stops following.
    void follow(const QString &name);
    QString followed() const { return m_followed; }

signals:
    void notify(const QString &text, bool isError);

private:
    void zoneChosen(const QString &zoneId);
    void zonesUpdated();
    void objectsChanged();
    void updateFollowChoices();
    void updateEmptyState();

    ClusterConnection &m_connection;
    ZoneMonitor &m_monitor;
    ZoneScene *m_scene;
    PhysicsView *m_view;
    EmptyState *m_empty;
    ZoneSpectator *m_spectator;
    ZonePicker *m_picker;
    QComboBox *m_follow;
    QLabel *m_stats;
    QString m_zone;
    QString m_followed;
    QString m_error;
    int m_updates = 0; ///< stream updates in the current second
    int m_updatesPerSecond = 0;
    bool m_fitPending = false;
};

} // namespace smmo::admin
