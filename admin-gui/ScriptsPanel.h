// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace smmo::admin {

class ClusterConnection;
class EmptyState;
class ScriptErrorsModel;
class ZoneMonitor;

/// The scripts of one zone on the Health page: what its ScriptServer last reported (the scripts
/// loaded, those that do not load), its recent script errors, and a button that has the
/// ScriptServer reload every script. Read from the zone's `GET /admin/scripts` every few seconds
/// while a zone is chosen; the reload is the zone's admin command `reload_scripts`.
class ScriptsPanel : public QWidget
{
    Q_OBJECT
public:
    ScriptsPanel(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent = nullptr);

    /// Shows the scripts of this zone; empty shows none.
    void setZone(const QString &zoneId);
    QString zone() const { return m_zone; }
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    /// Asks the zone now (or as soon as the question in flight is answered).
    void refresh();
    /// Has the zone's ScriptServer reload every script, then reads the zone again.
    void reloadScripts();

    ScriptErrorsModel *model() const { return m_model; }
    QPushButton *reloadButton() const { return m_reload; }
    /// The ScriptServer's latest report as the zone keeps it (empty before one came).
    QJsonObject report() const { return m_report; }
    QString summary() const;

signals:
    void notify(const QString &text, bool isError);
    /// An answer from the zone arrived and is shown.
    void refreshed();
    void reloadFinished(bool ok, const QString &message);

private:
    void poll();
    void show(const QJsonObject &state);
    void updateState();

    ClusterConnection &m_connection;
    ZoneMonitor &m_monitor;
    ScriptErrorsModel *m_model;
    QTableView *m_table;
    EmptyState *m_empty;
    QLabel *m_summary;
    QPushButton *m_reload;
    QTimer m_timer;
    QString m_zone;
    QString m_error;
    QJsonObject m_report;
    QObject *m_session = nullptr; ///< parent of the current zone's questions
    bool m_inFlight = false;
    bool m_again = false;
    bool m_answered = false;
};

} // namespace smmo::admin
