// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QWidget>

class QAction;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace smmo::admin {

class ClusterConnection;
class EmptyState;
class ZoneMonitor;
class ZonesModel;

/// The Zones page: the live table of the master's zones with a filter, and the operator's
/// actions on them: spawn, stop, kill and restart.
class ZonesPage : public QWidget
{
    Q_OBJECT
public:
    enum class Operation { Stop, Kill, Restart };

    ZonesPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent = nullptr);

    ZonesModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QList<QAction *> zoneActions() const;
    QAction *spawnAction() const { return m_spawn; }
    QAction *stopAction() const { return m_stop; }
    QAction *killAction() const { return m_kill; }
    QAction *restartAction() const { return m_restart; }

    /// The zone of the current row, empty when none is selected.
    QString selectedZone() const;
    bool selectZone(const QString &zoneId);

    /// POST /zones/<id>/start on the master (no question asked: starting changes nothing).
    void spawnZone(const QString &zoneId);
    /// Asks for confirmation, then POST /zones/<id>/stop|kill|restart.
    void runOperation(Operation operation, const QString &zoneId);

signals:
    void notify(const QString &text, bool isError);
    /// An operation on a zone was answered (or failed).
    void operationFinished(const QString &zoneId, const QString &operation, bool ok, const QString &message);

private:
    void openSpawnDialog();
    void runOnSelection(Operation operation);
    void updateActions();
    void updateEmptyState();

    ClusterConnection &m_connection;
    ZoneMonitor &m_monitor;
    ZonesModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    EmptyState *m_empty;
    QLineEdit *m_filter;
    QAction *m_spawn;
    QAction *m_stop;
    QAction *m_kill;
    QAction *m_restart;
};

} // namespace smmo::admin
