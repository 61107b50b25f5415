// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneProcess.h"

#include "Logging.h"
#include "ServerApp.h"
#include "ServiceClient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace smmo {

namespace {
constexpr int healthPollMs = 100;
constexpr int healthRequestTimeoutMs = 2000;
constexpr int killWaitMs = 5000;
} // namespace

ZoneProcess::ZoneProcess(const QString &zoneId, ZoneCommand zone, QList<ZoneCommand> companions,
                         int startTimeoutMs, QObject *parent)
    : ZoneInstance(zoneId, parent), m_command(std::move(zone)), m_companions(std::move(companions), zoneId),
      m_startTimeoutMs(startTimeoutMs)
{
    m_startTimer.setSingleShot(true);
    m_killTimer.setSingleShot(true);
    connect(&m_startTimer, &QTimer::timeout, this, [this] {
        fail(504, QStringLiteral("The zone %1 did not become ready within %2 s.")
                      .arg(this->zoneId())
                      .arg(double(m_startTimeoutMs) / 1000.0));
    });
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcMaster, "zone %s did not stop in time; killing it", qPrintable(this->zoneId()));
        kill();
    });
}

ZoneProcess::ZoneProcess(const QString &zoneId, ZoneCommand zone, QList<ZoneCommand> companions,
                         int startTimeoutMs, QObject *parent, Pooled pooled)
    : ZoneProcess(zoneId, std::move(zone), std::move(companions), startTimeoutMs, parent)
{
    if (!pooled.process)
        return;
    m_warm = true;
    m_serviceToken = pooled.serviceToken;
    pooled.process->setParent(this);
    watch(pooled.process);
    setUrl(pooled.url);
}

ZoneProcess::~ZoneProcess()
{
    // Normally the process has ended before the registry lets go of it; never leave one behind.
    m_companions.clear();
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(killWaitMs);
    }
}

void ZoneProcess::watch(QProcess *process)
{
    m_process = process;
    connect(process, &QProcess::readyReadStandardOutput, this, &ZoneProcess::readStdout);
    connect(process, &QProcess::finished, this, &ZoneProcess::onExited);
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(502, QStringLiteral("The zone server %1 could not be run: %2")
                          .arg(QFileInfo(m_command.program).fileName(), m_process->errorString()));
    });
    // A pooled process may have printed more than its listening line before it was handed over.
    if (process->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &ZoneProcess::readStdout);
}

void ZoneProcess::start()
{
    setStartedAt(QDateTime::currentDateTimeUtc());
    m_startTimer.start(m_startTimeoutMs);
    if (m_warm)
        assign();
    else
        startCold();
}

void ZoneProcess::startCold()
{
    watch(new QProcess(this));
    m_command.prepare(*m_process);
    m_process->start(m_command.program, m_command.arguments);
}

void ZoneProcess::assign()
{
    m_health = new ServiceClient(QStringLiteral("zone %1").arg(zoneId()), url(), this);
    m_health->setToken(m_serviceToken);
    m_health->setTimeout(m_startTimeoutMs);
    m_health->post(QStringLiteral("/internal/assign"), QJsonObject{{QStringLiteral("zone"), zoneId()}}, this,
                   [this](const ServiceResult &result) {
                       if (!m_warm || m_ready || m_failed || m_stopping || m_exited)
                           return;
                       const QJsonObject answer = result.object();
                       if (result.ok && answer.value(QStringLiteral("ready")).toBool() &&
                           answer.value(QStringLiteral("zone")).toString() == zoneId()) {
                           becomeReady();
                           return;
                       }
                       fallBackToCold(result.error.isEmpty() ? QStringLiteral("an unexpected answer")
                                                             : result.error);
                   });
}

void ZoneProcess::fallBackToCold(const QString &reason)
{
    qCWarning(lcMaster, "zone %s: the pooled zone server (pid %lld) could not take it (%s); starting one",
              qPrintable(zoneId()), pid(), qPrintable(reason));
    m_warm = false;
    if (QProcess *pooled = std::exchange(m_process, nullptr)) {
        pooled->disconnect(this);
        if (pooled->state() != QProcess::NotRunning) {
            pooled->kill();
            pooled->waitForFinished(killWaitMs);
        }
        pooled->deleteLater(); // this may run inside one of its signals
    }
    if (m_health)
        m_health->deleteLater();
    m_health = nullptr;
    m_exited = false;
    setUrl({});
    m_stdout.clear();
    startCold();
}

void ZoneProcess::becomeReady()
{
    m_ready = true;
    m_startTimer.stop();
    m_companions.start(url());
    emit ready(url());
}

void ZoneProcess::readStdout()
{
    if (!m_process)
        return;
    const QByteArray chunk = m_process->readAllStandardOutput();
    if (!url().isEmpty())
        return; // nothing else is expected on stdout; reading keeps the pipe from filling up
    m_stdout += chunk;
    const qsizetype end = m_stdout.lastIndexOf('\n');
    for (const QByteArray &line : m_stdout.left(end < 0 ? 0 : end + 1).split('\n')) {
        if (!line.startsWith(listeningMarker))
            continue;
        const QUrl announced(QString::fromUtf8(line.mid(qsizetype(qstrlen(listeningMarker))).trimmed()));
        if (!announced.isValid() || announced.scheme().isEmpty()) {
            fail(502, QStringLiteral("The zone %1 announced a bad URL.").arg(zoneId()));
            return;
        }
        setUrl(announced);
        m_stdout.clear();
        m_health = new ServiceClient(QStringLiteral("zone %1").arg(zoneId()), announced, this);
        m_health->setTimeout(healthRequestTimeoutMs);
        pollHealth();
        return;
    }
    if (m_stdout.size() > 64 * 1024)
        m_stdout = m_stdout.right(4096); // a chatty child: keep looking at the end only
}

void ZoneProcess::pollHealth()
{
    if (m_ready || m_failed || m_stopping || m_exited)
        return;
    m_health->get(QStringLiteral("/health"), this, [this](const ServiceResult &result) {
        if (m_ready || m_failed || m_stopping || m_exited)
            return;
        const QJsonObject health = result.object();
        const QString zone = health.value(QStringLiteral("zone")).toString();
        if (result.ok && health.value(QStringLiteral("ready")).toBool() &&
            (zone.isEmpty() || zone == zoneId())) {
            becomeReady();
            return;
        }
        QTimer::singleShot(healthPollMs, this, &ZoneProcess::pollHealth);
    });
}

void ZoneProcess::fail(int status, const QString &message)
{
    if (m_ready || m_failed || m_stopping)
        return;
    m_failed = true;
    m_startTimer.stop();
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->kill(); // a zone that missed its start must not come up later unseen
    m_companions.stop(true);
    const QString tail = logTail();
    qCWarning(lcMaster, "zone %s: %s%s%s", qPrintable(zoneId()), qPrintable(message),
              tail.isEmpty() ? "" : " Its log ends with:\n", qPrintable(tail));
    emit startFailed(status, message);
}

void ZoneProcess::onExited(int exitCode, QProcess::ExitStatus status)
{
    m_exited = true;
    m_startTimer.stop();
    m_killTimer.stop();
    m_companions.stop(false);
    const bool clean = status == QProcess::NormalExit && exitCode == 0;
    const QString detail = status == QProcess::CrashExit ? QStringLiteral("killed by a signal or crashed")
                                                         : QStringLiteral("exit code %1").arg(exitCode);
    if (m_failed)
        return;
    if (!m_ready && !m_stopping && m_warm) {
        fallBackToCold(QStringLiteral("it exited: %1").arg(detail));
        return;
    }
    if (!m_ready && !m_stopping) {
        fail(502, QStringLiteral("The zone %1 exited while starting (%2); see logs/%3 on the master.")
                      .arg(zoneId(), detail, QFileInfo(m_command.logFile).fileName()));
        return;
    }
    emit finished(clean, detail);
}

void ZoneProcess::terminate(int graceMs)
{
    m_stopping = true;
    m_startTimer.stop();
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        QTimer::singleShot(0, this, [this] { emit finished(true, QStringLiteral("not running")); });
        return;
    }
    m_companions.stop(false);
    m_process->terminate();
    m_killTimer.start(graceMs);
}

void ZoneProcess::kill()
{
    m_stopping = true;
    m_startTimer.stop();
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        QTimer::singleShot(0, this, [this] { emit finished(true, QStringLiteral("not running")); });
        return;
    }
    m_companions.stop(true);
    m_process->kill();
}

void ZoneProcess::beginShutdown()
{
    m_stopping = true;
    m_startTimer.stop();
    m_killTimer.stop();
    m_companions.stop(false);
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->terminate();
}

void ZoneProcess::finishShutdown(const QDeadlineTimer &deadline)
{
    if (m_process && m_process->state() != QProcess::NotRunning &&
        !m_process->waitForFinished(int(qMax<qint64>(deadline.remainingTime(), 0)))) {
        m_process->kill();
        m_process->waitForFinished(killWaitMs);
    }
    m_companions.waitOrKill(deadline);
}

QList<qint64> ZoneProcess::companionPids() const
{
    return m_companions.pids();
}

QList<CompanionInfo> ZoneProcess::companions() const
{
    return m_companions.infos();
}

QString ZoneProcess::logTail() const
{
    QFile file(m_command.logFile);
    if (m_command.logFile.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > 1500)
        file.seek(file.size() - 1500);
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace smmo
