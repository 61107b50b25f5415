// SPDX-License-Identifier: AGPL-3.0-or-later
#include "BusConnection.h"

#include "Logging.h"
#include "SessionToken.h"

#include <chrono>
#include <utility>

namespace smmo {

namespace {

// A connection attempt that neither opens nor fails within this many retry periods is abandoned
// (a zone that accepts TCP but never answers the upgrade).
constexpr int stalledAttemptPeriods = 5;

} // namespace

BusConnection::BusConnection(QUrl zoneUrl, QString zoneId, QByteArray secret, int reconnectMs,
                             QObject *parent)
    : QObject(parent), m_zoneUrl(std::move(zoneUrl)), m_zoneId(std::move(zoneId)),
      m_secret(std::move(secret)), m_reconnectMs(reconnectMs)
{
    m_retry.setInterval(reconnectMs);
    connect(&m_retry, &QTimer::timeout, this, &BusConnection::attempt);
    connect(&m_client, &ZoneClient::hello, this, &BusConnection::helloReceived);
    connect(&m_client, &ZoneClient::updated, this,
            [this](qint64, const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left) {
                if (m_synced)
                    emit updated(changed, entered, left);
            });
    connect(&m_client, &ZoneClient::errorReceived, this,
            [](const QString &code, const QString &message, const QJsonObject &error) {
                // The zone refused a message (an object destroyed before our correction arrived):
                // harmless, the next update brings the truth.
                qCDebug(lcPhysics, "zone answered %s: %s (%s)", qPrintable(code), qPrintable(message),
                        qPrintable(error.value(QStringLiteral("request")).toString()));
            });
    connect(&m_client, &ZoneClient::disconnected, this, &BusConnection::disconnected);
    connect(&m_client.socket(), qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (!m_synced)
            report(QStringLiteral("bus unavailable (%1)").arg(m_client.socket().errorString()), false);
    });
    connect(&m_client, &ZoneClient::connected, this, [this] { m_attemptConnected = true; });
}

void BusConnection::start()
{
    m_down.start();
    m_retry.start();
    attempt();
}

void BusConnection::attempt()
{
    QWebSocket &socket = m_client.socket();
    if (socket.state() == QAbstractSocket::ConnectedState)
        return;
    if (socket.state() != QAbstractSocket::UnconnectedState) {
        if (m_attemptStarted.isValid() &&
            m_attemptStarted.elapsed() > qint64(stalledAttemptPeriods) * m_reconnectMs)
            socket.abort();
        return;
    }
    const QByteArray token =
        SessionToken::issue(SessionToken::makeClaims(0, QStringLiteral("physics:") + m_zoneId,
                                                     {QStringLiteral("service")}, std::chrono::hours(24)),
                            m_secret);
    m_attemptStarted.start();
    m_client.open(m_zoneUrl, token);
}

void BusConnection::helloReceived(const QJsonObject &hello)
{
    const QString role = hello.value(QStringLiteral("role")).toString();
    const QString zone = hello.value(QStringLiteral("zone")).toString();
    if (role != QLatin1String("bus") || zone != m_zoneId) {
        const QString problem = QStringLiteral("%1 is zone \"%2\" (role %3), not %4's bus; closing")
                                    .arg(m_zoneUrl.toString(), zone, role, m_zoneId);
        if (problem != m_lastProblem)
            qCWarning(lcPhysics, "%s", qPrintable(problem));
        m_lastProblem = problem;
        m_client.close();
        return;
    }
    m_lastProblem.clear();
    m_synced = true;
    m_everSynced = true;
    ++m_syncs;
    const QJsonArray objects = hello.value(QStringLiteral("objects")).toArray();
    qCInfo(lcPhysics, "zone %s: bus synchronised, %d objects", qPrintable(m_zoneId), int(objects.size()));
    emit synced(objects);
}

void BusConnection::disconnected(int code, const QString &reason)
{
    const bool wasSynced = m_synced;
    const bool hadConnected = std::exchange(m_attemptConnected, false);
    if (wasSynced) {
        m_synced = false;
        m_down.start();
    }
    // A failed attempt was already reported by the socket's error; a connection the zone closed
    // (unauthorized, the zone stopping) says why in its close reason.
    if (hadConnected)
        report(QStringLiteral("bus closed (%1 %2)").arg(code).arg(reason), wasSynced);
    if (wasSynced)
        emit lost();
}

void BusConnection::report(const QString &problem, bool always)
{
    if (always || problem != m_lastProblem)
        qCWarning(lcPhysics, "zone %s: %s; retrying every %d ms", qPrintable(m_zoneId), qPrintable(problem),
                  m_reconnectMs);
    m_lastProblem = problem;
}

bool BusConnection::correct(qint64 id, double x, double y, double z)
{
    if (!m_synced || !m_client.isConnected())
        return false;
    m_client.correct(id, x, y, z);
    return true;
}

bool BusConnection::sendAction(const QString &action, const QJsonObject &fields)
{
    if (!m_synced || !m_client.isConnected())
        return false;
    m_client.sendAction(action, fields);
    return true;
}

} // namespace smmo
