// SPDX-License-Identifier: AGPL-3.0-or-later
#include "BotsApp.h"

#include "BotWorker.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTextStream>

namespace smmo::bots {

BotsApp::BotsApp(RunOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_board(m_options.bots)
{
    m_timer.setInterval(50);
    connect(&m_timer, &QTimer::timeout, this, &BotsApp::step);
}

BotsApp::~BotsApp()
{
    for (size_t i = 0; i < m_workers.size(); ++i) {
        QMetaObject::invokeMethod(m_workers[i], &BotWorker::finish, Qt::BlockingQueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete m_workers[i];
    }
}

ServiceResult BotsApp::call(ServiceClient &client, const QByteArray &verb, const QString &path,
                            const QJsonObject &body)
{
    ServiceResult result;
    QEventLoop loop;
    client.request(verb, path,
                   body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact), this,
                   [&](const ServiceResult &r) {
                       result = r;
                       loop.quit();
                   });
    loop.exec();
    return result;
}

// With an administrator: log in, start the zone (so its start is not part of the bots' joining),
// find its process, and note its memory before any bot arrives.
bool BotsApp::prepare(QString *error)
{
    if (m_options.target == RunOptions::Target::Colyseus || m_options.admin.isEmpty()) {
        if (m_options.serverPid)
            m_report.serverBefore = ProcessStats::read(m_options.serverPid);
        return true;
    }
    m_auth = std::make_unique<ServiceClient>(QStringLiteral("the AuthServer"), m_options.authUrl);
    m_master = std::make_unique<ServiceClient>(QStringLiteral("the MasterZoneServer"), m_options.masterUrl);
    m_master->setTimeout(60000);
    const ServiceResult login = call(*m_auth, "POST", QStringLiteral("/login"),
                                     {{QStringLiteral("username"), m_options.admin},
                                      {QStringLiteral("password"), m_options.adminPassword},
                                      {QStringLiteral("format"), QStringLiteral("json")}});
    if (!login.ok) {
        *error =
            QStringLiteral("The administrator %1 could not log in: %2").arg(m_options.admin, login.error);
        return false;
    }
    m_options.adminToken = login.object().value(QStringLiteral("token")).toString().toLatin1();
    if (!login.object().value(QStringLiteral("roles")).toArray().contains(QStringLiteral("admin"))) {
        *error = QStringLiteral("%1 is not an administrator.").arg(m_options.admin);
        return false;
    }
    m_master->setToken(m_options.adminToken);
    const ServiceResult zone = call(*m_master, "GET", QLatin1Char('/') + m_options.zoneId);
    if (!zone.ok) {
        *error = QStringLiteral("The zone %1 could not be started: %2").arg(m_options.zoneId, zone.error);
        return false;
    }
    m_zoneUrl = QUrl(QString::fromUtf8(zone.body).trimmed());
    m_zone = std::make_unique<ServiceClient>(QStringLiteral("the zone"), m_zoneUrl);
    if (!m_options.serverPid) {
        const ServiceResult zones = call(*m_master, "GET", QStringLiteral("/zones"));
        for (const auto &entry : zones.json.array())
            if (entry.toObject().value(QStringLiteral("id")).toString() == m_options.zoneId)
                m_options.serverPid = entry.toObject().value(QStringLiteral("pid")).toInteger();
    }
    if (m_options.serverPid)
        m_report.serverBefore = ProcessStats::read(m_options.serverPid);
    return true;
}

void BotsApp::fail(const QString &message)
{
    QTextStream(stderr) << "simplemmo-bots: " << message << Qt::endl;
    QCoreApplication::exit(1);
}

void BotsApp::start()
{
    QString error;
    if (!prepare(&error))
        return fail(error);
    m_report.options = m_options;
    m_report.botsCpus = ProcessStats::allowedCpus();
    m_startNs = m_lastProgressNs = monotonicNs();
    m_selfStart = m_lastSelf = ProcessStats::read(0);
    // Contiguous blocks: neighbours on the grid mostly share a thread.
    const int threads = std::min(m_options.threads, m_options.bots);
    for (int t = 0; t < threads; ++t) {
        const int first = int(qint64(m_options.bots) * t / threads);
        const int last = int(qint64(m_options.bots) * (t + 1) / threads);
        auto *worker = new BotWorker(m_options, first, last - first, &m_board, &m_measuring);
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("bots-%1").arg(t));
        worker->moveToThread(thread.get());
        thread->start();
        QMetaObject::invokeMethod(worker, &BotWorker::begin, Qt::QueuedConnection);
        m_workers.push_back(worker);
        m_threads.push_back(std::move(thread));
    }
    m_phase = Phase::Joining;
    m_phaseEndNs = m_startNs + std::int64_t(m_options.joinTimeout * 1e9);
    m_timer.start();
}

void BotsApp::interrupt()
{
    m_phaseEndNs = monotonicNs();
    if (m_phase == Phase::Joining)
        m_phase = Phase::WarmingUp; // no warm-up: straight to the window
}

Counters BotsApp::totals() const
{
    Counters sum;
    for (BotWorker *worker : m_workers)
        sum += worker->stats().snapshot();
    return sum;
}

BotStats::Histograms BotsApp::histograms() const
{
    BotStats::Histograms merged;
    for (BotWorker *worker : m_workers)
        merged.merge(worker->stats().histograms());
    return merged;
}

double BotsApp::zoneMetric(const QString &name)
{
    if (!m_zone)
        return -1;
    const ServiceResult metrics = call(*m_zone, "GET", QStringLiteral("/metrics"));
    const QRegularExpression line(QStringLiteral("^%1(\\{[^}]*\\})? (\\S+)$").arg(name),
                                  QRegularExpression::MultilineOption);
    const auto match = line.match(QString::fromUtf8(metrics.body));
    return match.hasMatch() ? match.captured(2).toDouble() : -1;
}

void BotsApp::step()
{
    const std::int64_t now = monotonicNs();
    if (m_options.progressSeconds > 0 &&
        now - m_lastProgressNs >= std::int64_t(m_options.progressSeconds * 1e9))
        progress();
    switch (m_phase) {
    case Phase::Joining: {
        const Counters c = totals();
        if (c.joined + c.joinFailures + c.disconnects >= m_options.bots || now >= m_phaseEndNs) {
            m_report.joinSeconds = double(now - m_startNs) / 1e9;
            if (c.joined == 0) {
                m_timer.stop();
                return fail(QStringLiteral("no bot got in (%1 failed). %2")
                                .arg(c.joinFailures)
                                .arg(histograms().errorKinds.keys().join(QStringLiteral("; "))));
            }
            m_phase = Phase::WarmingUp;
            m_phaseEndNs = now + std::int64_t(m_options.warmup * 1e9);
        }
        break;
    }
    case Phase::WarmingUp:
        if (now >= m_phaseEndNs)
            beginWindow();
        break;
    case Phase::Measuring:
        if (now >= m_phaseEndNs)
            endWindow();
        break;
    case Phase::Done:
        break;
    }
}

void BotsApp::beginWindow()
{
    for (BotWorker *worker : m_workers)
        worker->stats().clearHistograms();
    m_bytesBefore = zoneMetric(QStringLiteral("simplemmo_zone_stream_bytes_total"));
    m_overrunsBefore = zoneMetric(QStringLiteral("simplemmo_zone_tick_overruns_total"));
    m_report.window = totals();
    if (m_options.serverPid)
        m_report.serverStart = ProcessStats::read(m_options.serverPid);
    m_selfStart = ProcessStats::read(0);
    m_measuring = true;
    m_phase = Phase::Measuring;
    m_phaseEndNs = monotonicNs() + std::int64_t(m_options.seconds * 1e9);
    if (m_options.progressSeconds > 0)
        QTextStream(stderr) << "measuring for " << m_options.seconds << " s" << Qt::endl;
}

void BotsApp::endWindow()
{
    m_measuring = false;
    m_phase = Phase::Done;
    m_timer.stop();
    const ProcessStats self = ProcessStats::read(0);
    if (m_options.serverPid)
        m_report.serverEnd = ProcessStats::read(m_options.serverPid);
    const Counters end = totals();
    m_report.windowSeconds = double(self.atNs - m_selfStart.atNs) / 1e9;
    m_report.window = end - m_report.window;
    m_report.total = end;
    m_report.joinedAtEnd = end.joined;
    m_report.histograms = histograms();
    m_report.botsCpuPercent = ProcessStats::cpuPercent(m_selfStart, self);
    m_report.botsWaitPercent = ProcessStats::waitPercent(m_selfStart, self);
    m_report.options.serverPid = m_options.serverPid;
    if (m_zone) {
        const double bytes = zoneMetric(QStringLiteral("simplemmo_zone_stream_bytes_total"));
        if (bytes >= 0 && m_bytesBefore >= 0)
            m_report.zoneBytesPerSecond = (bytes - m_bytesBefore) / m_report.windowSeconds;
        const double overruns = zoneMetric(QStringLiteral("simplemmo_zone_tick_overruns_total"));
        if (overruns >= 0 && m_overrunsBefore >= 0)
            m_report.zoneTickOverruns = overruns - m_overrunsBefore;
        const ServiceResult health = call(*m_zone, "GET", QStringLiteral("/health"));
        if (health.json.isObject() && health.object().contains(QStringLiteral("tick_ms_p99")))
            m_report.zoneTickP99Ms = health.object().value(QStringLiteral("tick_ms_p99")).toDouble();
    }

    // Leave before the zone is stopped, so it is stopped with nobody in it.
    for (size_t i = 0; i < m_workers.size(); ++i) {
        QMetaObject::invokeMethod(m_workers[i], &BotWorker::finish, Qt::BlockingQueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete m_workers[i];
    }
    m_workers.clear();
    m_threads.clear();
    if (m_options.stopZone && m_master)
        call(*m_master, "POST", QStringLiteral("/zones/%1/stop").arg(m_options.zoneId));

    QTextStream out(stdout);
    out << m_report.table();
    out.flush();
    if (!m_options.jsonFile.isEmpty()) {
        QFile file(m_options.jsonFile);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(QJsonDocument(m_report.toJson()).toJson()) < 0)
            return fail(QStringLiteral("cannot write %1: %2").arg(m_options.jsonFile, file.errorString()));
    }
    QCoreApplication::exit(0);
}

void BotsApp::progress()
{
    const std::int64_t now = monotonicNs();
    const double seconds = double(now - m_lastProgressNs) / 1e9;
    const Counters c = totals();
    const Counters d = c - m_lastProgress;
    const ProcessStats self = ProcessStats::read(0);
    const BotStats::Histograms h = histograms();
    const char *phase = m_phase == Phase::Joining     ? "joining"
                        : m_phase == Phase::WarmingUp ? "warm-up"
                        : m_phase == Phase::Measuring ? "measuring"
                                                      : "done";
    QTextStream(stderr) << QStringLiteral(
                               "[%1 s] %2: %3/%4 in, %5 failed | moves %6/s updates %7/s chat %8/s | "
                               "move p99 %9 ms | errors %10 disconnects %11 | bots CPU %12%")
                               .arg(double(now - m_startNs) / 1e9, 0, 'f', 0)
                               .arg(QLatin1String(phase))
                               .arg(c.joined)
                               .arg(m_options.bots)
                               .arg(c.joinFailures)
                               .arg(double(d.movesSent) / seconds, 0, 'f', 0)
                               .arg(double(d.updatesReceived) / seconds, 0, 'f', 0)
                               .arg(double(d.chatReceived) / seconds, 0, 'f', 0)
                               .arg(h.move.percentileMs(0.99), 0, 'f', 1)
                               .arg(c.errors)
                               .arg(c.disconnects)
                               .arg(ProcessStats::cpuPercent(m_lastSelf, self), 0, 'f', 0)
                        << Qt::endl;
    m_lastProgress = c;
    m_lastProgressNs = now;
    m_lastSelf = self;
}

} // namespace smmo::bots
