// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScreenshotDriver.h"

#include "CharacterInspector.h"
#include "CharactersPage.h"
#include "ChatModel.h"
#include "ChatPage.h"
#include "ClusterConnection.h"
#include "ConnectDialog.h"
#include "HealthPage.h"
#include "MainWindow.h"
#include "PhysicsPage.h"
#include "PhysicsView.h"
#include "ScriptErrorsModel.h"
#include "ScriptsPanel.h"
#include "ZoneMonitor.h"
#include "ZoneScene.h"
#include "ZonesModel.h"
#include "ZonesPage.h"

#include <QDir>
#include <QLineEdit>
#include <QPixmap>
#include <QTableView>

namespace smmo::admin {

ScreenshotDriver::ScreenshotDriver(MainWindow &window, ClusterConnection &connection, Options options,
                                   QObject *parent)
    : QObject(parent), m_window(window), m_connection(connection), m_options(std::move(options))
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &ScreenshotDriver::check);
    buildSteps();
}

QString ScreenshotDriver::zone() const
{
    if (!m_options.zone.isEmpty())
        return m_options.zone;
    const QStringList running = m_window.monitor()->runningZoneIds();
    return running.isEmpty() ? QString() : running.first();
}

void ScreenshotDriver::buildSteps()
{
    // Before logging in: the connect dialog, filled in.
    m_steps.append({QStringLiteral("connect.png"),
                    [this] {
                        m_dialog = new ConnectDialog(m_connection, &m_window);
                        m_dialog->setUrls(m_connection.urls());
                        m_dialog->setUser(m_options.user);
                        m_dialog->setPassword(m_options.password);
                        m_dialog->show();
                    },
                    [this] { return m_dialog && m_dialog->isVisible() && m_stepClock.elapsed() > 300; },
                    [this]() -> QWidget * { return m_dialog; }});
    m_steps.append({QString(),
                    [this] {
                        if (m_dialog)
                            m_dialog->deleteLater();
                        m_connection.login(m_options.user, m_options.password);
                    },
                    [this] { return m_connection.isLoggedIn() && m_window.monitor()->hasAnswered(); },
                    nullptr});
    m_steps.append({QStringLiteral("zones.png"), [this] { m_window.showTab(MainWindow::ZonesTab); },
                    [this] {
                        const ZonesModel *model = m_window.zonesPage()->model();
                        if (model->rowCount() == 0 || m_stepClock.elapsed() < 2000)
                            return false;
                        for (const ZoneEntry &entry : model->zones())
                            if (!entry.isRunning() || !entry.players)
                                return false;
                        m_window.zonesPage()->selectZone(zone());
                        return true;
                    },
                    [this]() -> QWidget * { return &m_window; }});
    m_steps.append({QStringLiteral("characters.png"),
                    [this] {
                        m_window.showTab(MainWindow::CharactersTab);
                        m_window.charactersPage()->searchEdit()->setText(m_options.character);
                        m_window.charactersPage()->search(m_options.character,
                                                          CharactersPage::SearchBy::Name);
                    },
                    [this] {
                        return m_window.charactersPage()->inspector()->name().compare(
                                   m_options.character, Qt::CaseInsensitive) == 0;
                    },
                    [this]() -> QWidget * { return &m_window; }});
    m_steps.append({QStringLiteral("physics.png"),
                    [this] {
                        m_window.showTab(MainWindow::PhysicsTab);
                        m_window.physicsPage()->watchZone(zone());
                    },
                    [this] {
                        // Some polls in, so what moves has moved; then everything in view.
                        if (m_window.physicsPage()->scene()->objectCount() == 0 ||
                            m_stepClock.elapsed() < 2500)
                            return false;
                        m_window.physicsPage()->view()->fitObjects();
                        return true;
                    },
                    [this]() -> QWidget * { return &m_window; }});
    m_steps.append({QStringLiteral("chat.png"),
                    [this] {
                        m_window.showTab(MainWindow::ChatTab);
                        m_window.chatPage()->watchZone(zone());
                    },
                    [this] {
                        ChatPage *chat = m_window.chatPage();
                        if (chat->zoneModel()->rowCount() == 0 || chat->globalModel()->rowCount() == 0 ||
                            chat->tellModel()->rowCount() < 2 || m_stepClock.elapsed() < 1000)
                            return false;
                        // The players' lines come first; chatty scripts would push them out of view.
                        chat->zoneTable()->scrollToTop();
                        return true;
                    },
                    [this]() -> QWidget * { return &m_window; }});
    m_steps.append({QStringLiteral("health.png"),
                    [this] {
                        m_window.showTab(MainWindow::HealthTab);
                        if (!m_window.healthPage()->selectZone(zone())) {
                            QTableView *table = m_window.healthPage()->table();
                            if (table->model()->rowCount() > 0)
                                table->selectRow(0);
                        }
                    },
                    [this] {
                        // The zone's scripts reported, and enough history for the charts to show
                        // lines rather than dots.
                        const ScriptsPanel *scripts = m_window.healthPage()->scriptsPanel();
                        if (scripts->report().isEmpty() || scripts->model()->rowCount() == 0)
                            return false;
                        const ZoneMonitor *monitor = m_window.monitor();
                        for (const QString &id : monitor->historyZoneIds())
                            if (monitor->history(id).size() >= 20)
                                return true;
                        return false;
                    },
                    [this]() -> QWidget * { return &m_window; }});
}

void ScreenshotDriver::start()
{
    QDir().mkpath(m_options.directory);
    m_window.show();
    m_current = -1;
    runStep();
}

void ScreenshotDriver::runStep()
{
    ++m_current;
    if (m_current >= m_steps.size()) {
        m_poll.stop();
        emit finished(m_allReady ? 0 : 1);
        return;
    }
    m_stepClock.start();
    m_steps.at(m_current).prepare();
    m_poll.start();
}

void ScreenshotDriver::check()
{
    const Step &step = m_steps.at(m_current);
    if (step.ready())
        take(true);
    else if (m_stepClock.elapsed() > m_options.stepTimeoutMs)
        take(false);
}

void ScreenshotDriver::take(bool ready)
{
    m_poll.stop();
    const Step &step = m_steps.at(m_current);
    if (!ready) {
        m_allReady = false;
        qWarning("screenshot step %lld (%s) did not get ready within %d ms", qlonglong(m_current),
                 qPrintable(step.file), m_options.stepTimeoutMs);
    }
    if (!step.file.isEmpty() && step.target) {
        // One more round of events so the last changes are painted before the grab.
        QTimer::singleShot(200, this, [this, file = step.file, target = step.target] {
            if (QWidget *widget = target()) {
                const QString path = QDir(m_options.directory).filePath(file);
                if (!widget->grab().save(path)) {
                    qWarning("could not write %s", qPrintable(path));
                    m_allReady = false;
                } else {
                    qInfo("wrote %s", qPrintable(path));
                }
            }
            runStep();
        });
        return;
    }
    runStep();
}

} // namespace smmo::admin
