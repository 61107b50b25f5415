// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PlayBot.h"

#include <QJsonArray>

#include <cmath>

namespace smmo::test {

namespace {
constexpr int stepMs = 150;      // a move every step: well under the zone's 20 moves per second
constexpr int sayEverySteps = 4; // a line every 600 ms: under its 5 lines per second
constexpr double epsilon = 1e-6;
} // namespace

PlayBot::PlayBot(QString character, QString zoneId, QUrl masterUrl, int index, const QElapsedTimer &clock,
                 QObject *parent)
    : QObject(parent), m_character(std::move(character)), m_zoneId(std::move(zoneId)),
      m_master(QStringLiteral("master"), std::move(masterUrl)), m_clock(clock)
{
    // Away from the spawn point and the chickens (they live at x, y in 8..32), each on its own
    // straight line: where a bot stood tells when it stood there.
    m_dx = -0.5;
    m_dy = -(0.2 + 0.15 * index);
    m_master.setTimeout(30000);
    m_timer.setInterval(stepMs);
    connect(&m_timer, &QTimer::timeout, this, &PlayBot::step);
    connect(&m_client, &ZoneClient::messageReceived, this, &PlayBot::onMessage);
    connect(&m_client, &ZoneClient::disconnected, this, [this](int code, const QString &reason) {
        if (m_joined)
            m_lastFailure = QStringLiteral("stream closed (%1 %2)").arg(code).arg(reason);
        m_joined = false;
        m_timer.stop();
        m_pending.clear(); // not acknowledged, and never will be now
    });
}

void PlayBot::connectToZone()
{
    m_master.setToken(m_token);
    m_master.get(QLatin1Char('/') + m_zoneId, this, [this](const ServiceResult &result) {
        if (!result.ok) {
            m_lastFailure = QStringLiteral("master lookup: %1").arg(result.error);
            return;
        }
        m_zoneUrl = QUrl(QString::fromUtf8(result.body).trimmed());
        m_client.open(m_zoneUrl, m_token);
        m_client.join(m_character);
    });
}

void PlayBot::disconnectFromZone()
{
    m_joined = false;
    m_timer.stop();
    m_client.close();
}

void PlayBot::step()
{
    if (!m_joined || !m_playing || !m_client.isConnected())
        return;
    m_client.move(m_dx, m_dy);
    if (++m_steps % sayEverySteps == 0) {
        const QString line = QStringLiteral("%1 says line %2").arg(m_character).arg(m_nextLine++);
        m_pending.insert(line);
        m_client.say(line);
    }
}

void PlayBot::see(const QJsonObject &object)
{
    const Seen seen{m_clock.elapsed(), object.value(QStringLiteral("loc_x")).toDouble(),
                    object.value(QStringLiteral("loc_y")).toDouble()};
    if (m_positions.isEmpty() || std::abs(m_positions.last().x - seen.x) > epsilon ||
        std::abs(m_positions.last().y - seen.y) > epsilon)
        m_positions.append(seen);
}

void PlayBot::onMessage(const QJsonObject &message)
{
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("joined")) {
        const QJsonObject self = message.value(QStringLiteral("self")).toObject();
        m_joinedAt = {m_clock.elapsed(), self.value(QStringLiteral("loc_x")).toDouble(),
                      self.value(QStringLiteral("loc_y")).toDouble()};
        see(self);
        m_joined = true;
        ++m_joins;
        m_joinTimes.append(m_joinedAt.at);
        m_timer.start();
        emit joined();
    } else if (type == QLatin1String("update")) {
        for (const auto &value : message.value(QStringLiteral("changed")).toArray())
            if (qint64(value.toObject().value(QStringLiteral("id")).toDouble()) == m_client.selfId())
                see(value.toObject());
    } else if (type == QLatin1String("chat")) {
        const QString body = message.value(QStringLiteral("body")).toString();
        if (message.value(QStringLiteral("sender")).toString() == m_character && m_pending.remove(body)) {
            m_acked.append(body);
            emit lineAcked(body);
        }
    } else if (type == QLatin1String("error")) {
        const QString code = message.value(QStringLiteral("code")).toString();
        if (message.value(QStringLiteral("request")).toString() == QLatin1String("say"))
            m_pending.clear(); // a refused line; which one is not said, and none of them counts
        if (code != QLatin1String("rate_limited"))
            m_errors.append(code + QStringLiteral(": ") +
                            message.value(QStringLiteral("message")).toString());
    }
}

qint64 PlayBot::ageOf(double x, double y, qint64 diedAt) const
{
    const double restored = along(x, y);
    // On its way: within a step's width of the line through where it started.
    if (!m_positions.isEmpty()) {
        const Seen &first = m_positions.first();
        const double length = std::hypot(m_dx, m_dy);
        const double across = std::abs((x - first.x) * m_dy - (y - first.y) * m_dx) / length;
        if (across > 1.0)
            return -1;
    }
    // Only the session the zone's death ended counts: a restart may have put it back on its way.
    qint64 sessionStart = 0;
    for (const qint64 joinedAt : m_joinTimes)
        if (joinedAt <= diedAt)
            sessionStart = joinedAt;
    for (const Seen &seen : m_positions)
        if (seen.at >= sessionStart && seen.at <= diedAt && along(seen.x, seen.y) > restored + epsilon)
            return diedAt - seen.at;
    return 0;
}

} // namespace smmo::test
