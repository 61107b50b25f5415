// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ClusterConnection.h"

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace smmo::admin {

class ChatPage;
class CharactersPage;
class HealthPage;
class PhysicsPage;
class ZoneMonitor;
class ZonesPage;

/// The console's window: one tab per task (zones, characters, physics, chat, health), menus with
/// the keyboard shortcuts, and a status bar that always shows whether each server answers and
/// who is logged in. Its size, toolbars, splitters and tab are remembered.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Tab { ZonesTab, CharactersTab, PhysicsTab, ChatTab, HealthTab };

    explicit MainWindow(ClusterConnection &connection, QWidget *parent = nullptr);

    ZoneMonitor *monitor() const { return m_monitor; }
    ZonesPage *zonesPage() const { return m_zones; }
    CharactersPage *charactersPage() const { return m_characters; }
    PhysicsPage *physicsPage() const { return m_physics; }
    ChatPage *chatPage() const { return m_chat; }
    HealthPage *healthPage() const { return m_health; }
    QTabWidget *tabs() const { return m_tabs; }
    void showTab(Tab tab);

    /// The connection summary in the status bar, e.g. "AuthServer: up".
    QString serverStateText(Server server) const;
    /// The last message shown in the status bar.
    QString lastMessage() const { return m_lastMessage; }

    void openConnectDialog();
    void restoreLayout();
    void saveLayout() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void showMessage(const QString &text, bool isError);
    void updateServerState(Server server);
    void updateSessionState();
    void showShortcuts();
    void showAbout();

    ClusterConnection &m_connection;
    ZoneMonitor *m_monitor;
    QTabWidget *m_tabs;
    ZonesPage *m_zones;
    CharactersPage *m_characters;
    PhysicsPage *m_physics;
    ChatPage *m_chat;
    HealthPage *m_health;
    QLabel *m_serverLabels[3] = {};
    QLabel *m_sessionLabel = nullptr;
    QString m_lastMessage;
};

} // namespace smmo::admin
