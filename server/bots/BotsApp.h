// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BotStats.h"
#include "LatencyBoard.h"
#include "RunOptions.h"
#include "RunReport.h"
#include "ServiceClient.h"

#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

namespace smmo::bots {

class BotWorker;

/// One run of simplemmo-bots: the administrator's preparations (zone started, its pid found),
/// the bot threads, the phases (joining, warm-up, the measured window), progress lines on
/// stderr, and at the end the summary table on stdout and the JSON file.
class BotsApp : public QObject
{
    Q_OBJECT
public:
    explicit BotsApp(RunOptions options, QObject *parent = nullptr);
    ~BotsApp() override;

    /// Starts the run; QCoreApplication::exit(code) ends it: 0 when it completed, 1 when it could
    /// not run (the preparations failed, or no bot got in).
    void start();
    /// Ctrl+C: ends the current phase now (the window is then shorter than asked).
    void interrupt();

private:
    enum class Phase { Joining, WarmingUp, Measuring, Done };
    bool prepare(QString *error);
    ServiceResult call(ServiceClient &client, const QByteArray &verb, const QString &path,
                       const QJsonObject &body = {});
    void step();
    void progress();
    void beginWindow();
    void endWindow();
    Counters totals() const;
    BotStats::Histograms histograms() const;
    double zoneMetric(const QString &name);
    void fail(const QString &message);

    RunOptions m_options;
    LatencyBoard m_board;
    std::atomic<bool> m_measuring{false};
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<BotWorker *> m_workers;
    std::unique_ptr<ServiceClient> m_auth, m_master, m_zone;
    QUrl m_zoneUrl;
    Phase m_phase = Phase::Joining;
    std::int64_t m_startNs = 0, m_phaseEndNs = 0, m_lastProgressNs = 0;
    Counters m_lastProgress;
    ProcessStats m_selfStart, m_lastSelf;
    RunReport m_report;
    double m_bytesBefore = 0, m_overrunsBefore = 0;
    QTimer m_timer;
};

} // namespace smmo::bots
