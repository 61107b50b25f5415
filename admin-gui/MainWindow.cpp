// SPDX-License-Identifier: AGPL-3.0-or-later
#include "MainWindow.h"

#include "CharactersPage.h"
#include "ChatPage.h"
#include "ConnectDialog.h"
#include "HealthPage.h"
#include "PhysicsPage.h"
#include "Version.h"
#include "ZoneMonitor.h"
#include "ZonesPage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

namespace smmo::admin {

MainWindow::MainWindow(ClusterConnection &connection, QWidget *parent)
    : QMainWindow(parent), m_connection(connection), m_monitor(new ZoneMonitor(connection, this)),
      m_tabs(new QTabWidget(this)), m_zones(new ZonesPage(connection, *m_monitor)),
      m_characters(new CharactersPage(connection, *m_monitor)),
      m_physics(new PhysicsPage(connection, *m_monitor)), m_chat(new ChatPage(connection, *m_monitor)),
      m_health(new HealthPage(connection, *m_monitor))
{
    setWindowTitle(tr("SimpleMMO Admin"));
    m_tabs->setObjectName(QStringLiteral("pages"));
    m_tabs->addTab(m_zones, tr("Zones"));
    m_tabs->addTab(m_characters, tr("Characters"));
    m_tabs->addTab(m_physics, tr("Physics"));
    m_tabs->addTab(m_chat, tr("Chat"));
    m_tabs->addTab(m_health, tr("Health"));
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);

    connect(m_zones, &ZonesPage::notify, this, &MainWindow::showMessage);
    connect(m_characters, &CharactersPage::notify, this, &MainWindow::showMessage);
    connect(m_physics, &PhysicsPage::notify, this, &MainWindow::showMessage);
    connect(m_chat, &ChatPage::notify, this, &MainWindow::showMessage);
    connect(m_health, &HealthPage::notify, this, &MainWindow::showMessage);

    buildMenus();
    buildStatusBar();

    connect(&m_connection, &ClusterConnection::stateChanged, this,
            [this](Server server, ClusterConnection::State, const QString &) { updateServerState(server); });
    connect(&m_connection, &ClusterConnection::loggedIn, this, [this] {
        m_monitor->start();
        updateSessionState();
        showMessage(tr("Logged in as %1.").arg(m_connection.userName()), false);
    });
    connect(&m_connection, &ClusterConnection::loggedOut, this, [this] {
        m_monitor->stop();
        updateSessionState();
    });
    connect(&m_connection, &ClusterConnection::sessionRejected, this, [this](const QString &message) {
        showMessage(tr("The cluster refused the session (%1). Connect again with Ctrl+L.").arg(message),
                    true);
    });
    connect(m_monitor, &ZoneMonitor::pollFailed, this,
            [this](const QString &message) { showMessage(tr("Zones: %1").arg(message), true); });
    if (m_connection.isLoggedIn())
        m_monitor->start();
    resize(1200, 760);
}

void MainWindow::buildMenus()
{
    QMenu *cluster = menuBar()->addMenu(tr("&Cluster"));
    QAction *connectAction = cluster->addAction(tr("&Connect…"), this, &MainWindow::openConnectDialog);
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *disconnectAction =
        cluster->addAction(tr("&Disconnect"), &m_connection, &ClusterConnection::logout);
    cluster->addSeparator();
    QAction *quit = cluster->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *zones = menuBar()->addMenu(tr("&Zones"));
    zones->addActions(m_zones->zoneActions());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList titles{tr("Zones"), tr("Characters"), tr("Physics"), tr("Chat"), tr("Health")};
    for (int i = 0; i < titles.size(); ++i) {
        QAction *action = view->addAction(titles.at(i), this, [this, i] { showTab(Tab(i)); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts)
        ->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About"), this, &MainWindow::showAbout);

    QToolBar *tools = addToolBar(tr("Cluster"));
    tools->setObjectName(QStringLiteral("clusterToolbar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(connectAction);
    tools->addAction(disconnectAction);
}

void MainWindow::buildStatusBar()
{
    for (const Server server : {Server::Auth, Server::Char, Server::Master}) {
        auto *label = new QLabel(this);
        label->setObjectName(QStringLiteral("serverState%1").arg(int(server)));
        m_serverLabels[int(server)] = label;
        statusBar()->addPermanentWidget(label);
        updateServerState(server);
    }
    m_sessionLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_sessionLabel);
    updateSessionState();
}

QString MainWindow::serverStateText(Server server) const
{
    QString state;
    switch (m_connection.state(server)) {
    case ClusterConnection::State::Unknown:
        state = m_connection.url(server).isEmpty() ? tr("not configured") : tr("asking…");
        break;
    case ClusterConnection::State::Up:
        state = tr("up");
        break;
    case ClusterConnection::State::NotReady:
        state = tr("not ready");
        break;
    case ClusterConnection::State::Down:
        state = tr("DOWN");
        break;
    }
    return tr("%1: %2").arg(ClusterConnection::serverName(server), state);
}

void MainWindow::updateServerState(Server server)
{
    QLabel *label = m_serverLabels[int(server)];
    if (!label)
        return;
    QString color = QStringLiteral("#808080");
    switch (m_connection.state(server)) {
    case ClusterConnection::State::Up:
        color = QStringLiteral("#208030");
        break;
    case ClusterConnection::State::NotReady:
        color = QStringLiteral("#b07000");
        break;
    case ClusterConnection::State::Down:
        color = QStringLiteral("#c02020");
        break;
    case ClusterConnection::State::Unknown:
        break;
    }
    label->setText(QStringLiteral("<span style=\"color:%1\">●</span> %2")
                       .arg(color, serverStateText(server).toHtmlEscaped()));
    const QString detail = m_connection.stateDetail(server);
    label->setToolTip(m_connection.url(server).toString() +
                      (detail.isEmpty() ? QString() : QStringLiteral("\n") + detail));
}

void MainWindow::updateSessionState()
{
    if (!m_sessionLabel)
        return;
    m_sessionLabel->setText(
        m_connection.isLoggedIn()
            ? tr("Logged in as %1 (%2)")
                  .arg(m_connection.userName(), m_connection.roles().join(QStringLiteral(", ")))
            : tr("Not logged in"));
}

void MainWindow::showMessage(const QString &text, bool isError)
{
    m_lastMessage = text;
    statusBar()->setStyleSheet(isError ? QStringLiteral("QStatusBar { color: #b02020; }") : QString());
    statusBar()->showMessage(text, isError ? 15000 : 6000);
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void MainWindow::openConnectDialog()
{
    ConnectDialog dialog(m_connection, this);
    if (!m_connection.urls().master.isEmpty())
        dialog.setUrls(m_connection.urls());
    dialog.exec();
}

void MainWindow::showShortcuts()
{
    QMessageBox::information(
        this, tr("Keyboard shortcuts"),
        tr("<table>"
           "<tr><td><b>Ctrl+L</b></td><td>Connect to a cluster</td></tr>"
           "<tr><td><b>Ctrl+1 … Ctrl+5</b></td><td>Zones, Characters, Physics, Chat, Health</td></tr>"
           "<tr><td><b>Ctrl+F</b></td><td>Filter zones / search characters</td></tr>"
           "<tr><td><b>Ctrl+N</b></td><td>Spawn a zone</td></tr>"
           "<tr><td><b>Ctrl+Shift+S / K / R</b></td><td>Stop / kill / restart the selected zone</td></tr>"
           "<tr><td><b>F5</b></td><td>Read the character again</td></tr>"
           "<tr><td><b>+ / − / 0</b></td><td>Zoom in / out / fit (physics view)</td></tr>"
           "<tr><td><b>Ctrl+Shift+F</b></td><td>Choose whom to follow (physics view)</td></tr>"
           "<tr><td><b>Ctrl+Return</b></td><td>Send the broadcast line (chat)</td></tr>"
           "<tr><td><b>Ctrl+Shift+L</b></td><td>Reload the selected zone's scripts (health)</td></tr>"
           "<tr><td><b>Ctrl+Q</b></td><td>Quit</td></tr>"
           "</table>"));
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About SimpleMMO Admin"),
        tr("<p><b>SimpleMMO Admin</b> %1</p><p>The operator console of a SimpleMMO cluster. It "
           "talks only to the servers' HTTP APIs.</p><p>Licensed under the GNU Affero General "
           "Public License, version 3 or later.</p>")
            .arg(QStringLiteral(SIMPLEMMO_VERSION)));
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
    for (QSplitter *splitter : findChildren<QSplitter *>())
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(
                settings.value(QStringLiteral("window/splitter/") + splitter->objectName()).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    for (const QSplitter *splitter : findChildren<QSplitter *>())
        if (!splitter->objectName().isEmpty())
            settings.setValue(QStringLiteral("window/splitter/") + splitter->objectName(),
                              splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

} // namespace smmo::admin
