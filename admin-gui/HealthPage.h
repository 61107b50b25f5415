// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QWidget>

class QPlainTextEdit;
class QTableView;

namespace smmo::admin {

class ClusterConnection;
class EmptyState;
class HealthModel;
class ScriptsPanel;
class TrendChart;
class ZoneMonitor;

/// The Health page: per zone its /health figures and the state of its ScriptServer and
/// PhysicsServer, the chosen zone's whole health answer, its scripts with their recent errors and
/// a reload, and live charts of tick time and players per zone.
class HealthPage : public QWidget
{
    Q_OBJECT
public:
    HealthPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent = nullptr);

    HealthModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    TrendChart *tickChart() const { return m_tickChart; }
    TrendChart *playersChart() const { return m_playersChart; }
    ScriptsPanel *scriptsPanel() const { return m_scripts; }
    /// Selects the zone's row (its details and scripts are shown); false when it is not listed.
    bool selectZone(const QString &zoneId);

signals:
    void notify(const QString &text, bool isError);

private:
    void zonesUpdated();
    void showDetails();

    ClusterConnection &m_connection;
    ZoneMonitor &m_monitor;
    HealthModel *m_model;
    QTableView *m_table;
    EmptyState *m_empty;
    QPlainTextEdit *m_details;
    ScriptsPanel *m_scripts;
    TrendChart *m_tickChart;
    TrendChart *m_playersChart;
};

} // namespace smmo::admin
