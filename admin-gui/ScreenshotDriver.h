// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>

namespace smmo::admin {

class ClusterConnection;
class ConnectDialog;
class MainWindow;

/// Drives the console through each view with live data and saves a picture of the window for
/// each (`--screenshot-dir`, used by `make screenshots` under Xvfb): the connect dialog, zones,
/// characters, physics, chat and health. Each step waits until its view shows what it should.
class ScreenshotDriver : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString directory;
        QString user;
        QString password;
        QString character; ///< looked up on the Characters page
        QString zone;      ///< watched on the Physics and Chat pages (default: the first running)
        int stepTimeoutMs = 30000;
    };

    ScreenshotDriver(MainWindow &window, ClusterConnection &connection, Options options,
                     QObject *parent = nullptr);

    void start();

signals:
    /// 0 when every picture was taken with its view ready; 1 otherwise.
    void finished(int exitCode);

private:
    struct Step
    {
        QString file;
        std::function<void()> prepare;
        std::function<bool()> ready;
        std::function<QWidget *()> target;
    };
    void buildSteps();
    void runStep();
    void check();
    void take(bool ready);
    QString zone() const;

    MainWindow &m_window;
    ClusterConnection &m_connection;
    Options m_options;
    QList<Step> m_steps;
    qsizetype m_current = -1;
    QTimer m_poll;
    QElapsedTimer m_stepClock;
    QPointer<ConnectDialog> m_dialog;
    bool m_allReady = true;
};

} // namespace smmo::admin
