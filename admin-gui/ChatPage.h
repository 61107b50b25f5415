// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QTableView;

namespace smmo::admin {

class ChatFeed;
class ChatModel;
class ClusterConnection;
class EmptyState;
class ZoneMonitor;
class ZonePicker;

/// The Chat page: a chosen zone's chat and the cluster's global chat, live, with sender and
/// time; and a line to send as the server, to that zone or to every running zone.
class ChatPage : public QWidget
{
    Q_OBJECT
public:
    ChatPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent = nullptr);

    ChatModel *zoneModel() const { return m_zoneModel; }
    ChatModel *globalModel() const { return m_globalModel; }
    ChatFeed *zoneFeed() const { return m_zoneFeed; }
    ChatFeed *globalFeed() const { return m_globalFeed; }
    QTableView *zoneTable() const { return m_zoneTable; }
    ZonePicker *zonePicker() const { return m_picker; }
    bool watchZone(const QString &zoneId);

    /// Sends `text` as the server: the zone's admin command `broadcast` on the chosen zone, or on
    /// every running zone. There is no server-wide global chat line for administrators.
    void broadcast(const QString &text, bool everyZone);

signals:
    void notify(const QString &text, bool isError);
    /// Every zone asked has answered; `reached` of them took the line.
    void broadcastFinished(int reached, int asked);

private:
    void zoneChosen(const QString &zoneId);
    void send();
    void updateEmptyStates();
    static QTableView *makeTable(ChatModel *model, QWidget *parent);

    ClusterConnection &m_connection;
    ZoneMonitor &m_monitor;
    ZonePicker *m_picker;
    ChatModel *m_zoneModel;
    ChatModel *m_globalModel;
    ChatFeed *m_zoneFeed;
    ChatFeed *m_globalFeed;
    QTableView *m_zoneTable;
    QTableView *m_globalTable;
    EmptyState *m_zoneEmpty;
    EmptyState *m_globalEmpty;
    QComboBox *m_scope;
    QLineEdit *m_text;
    QPushButton *m_send;
    QString m_zone;
    QString m_zoneError;
};

} // namespace smmo::admin
