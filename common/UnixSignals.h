// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace smmo {

/// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal on the event loop, so servers shut down
/// gracefully (zones save their state) when systemd, the master or Ctrl+C stops them.
/// Uses the self-pipe trick: the C handler only writes one byte, which is async-signal-safe.
class UnixSignals : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace smmo
