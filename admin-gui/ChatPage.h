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
class ZoneSpectator;

/// The Chat page: a chosen zone's chat and the cluster's global chat, live, with sender and
/// time; the zone's tells, which only administrators may see, from a spectator connection to
/// the zone; and a line to send as the server, to that zone or as a global line to every zone.
class ChatPage : public QWidget
{
    Q_OBJECT
public:
    ChatPage(ClusterConnection &connection, ZoneMonitor &monitor, QWidget *parent = nullptr);

    ChatModel *zoneModel() const { return m_zoneModel; }
    ChatModel *globalModel() const { return m_globalModel; }
    ChatModel *tellModel() const { return m_tellModel; }
    ZoneSpectator *tellWatch() const { return m_tellWatch; }
    ChatFeed *zoneFeed() const { return m_zoneFeed; }
    ChatFeed *globalFeed() const { return m_globalFeed; }
    QTableView *zoneTable() const { return m_zoneTable; }
    ZonePicker *zonePicker() const { return m_picker; }
    bool watchZone(const QString &zoneId);

    /// Sends `text` as the server: the zone's admin command `broadcast` on the chosen zone, or a
    /// global line through the master (`POST /chat/broadcast`), which every zone passes on.
    void broadcast(const QString &text, bool everyZone);

signals:
    void notify(const QString &text, bool isError);
    /// The line was sent: `reached` of the `asked` zones took it.
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
    ChatModel *m_tellModel;
    ZoneSpectator *m_tellWatch;
    QTableView *m_tellTable;
    EmptyState *m_zoneEmpty;
    EmptyState *m_globalEmpty;
    EmptyState *m_tellEmpty;
    QComboBox *m_scope;
    QLineEdit *m_text;
    QPushButton *m_send;
    QString m_zone;
    QString m_zoneError;
    QString m_tellError;
};

} // namespace smmo::admin
