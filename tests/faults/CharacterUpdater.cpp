// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CharacterUpdater.h"

#include "HttpTestClient.h"

#include <QJsonObject>

namespace smmo::test {

namespace {
constexpr int intervalMs = 200;
} // namespace

CharacterUpdater::CharacterUpdater(QUrl charUrl, QByteArray serviceToken, QStringList characters,
                                   QObject *parent)
    : QObject(parent), m_client(QStringLiteral("charserver"), std::move(charUrl)),
      m_characters(std::move(characters))
{
    m_client.setToken(serviceToken);
    m_client.setTimeout(10000);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &CharacterUpdater::sendNext);
}

void CharacterUpdater::setRunning(bool running)
{
    if (running)
        m_timer.start();
    else
        m_timer.stop();
}

int CharacterUpdater::ackedCount() const
{
    return count(m_acked);
}

int CharacterUpdater::count(const QHash<QString, QStringList> &acked)
{
    int total = 0;
    for (const auto &keys : acked)
        total += int(keys.size());
    return total;
}

QStringList CharacterUpdater::missing(const QUrl &charUrl, const QByteArray &adminToken,
                                      const QHash<QString, QStringList> &acked)
{
    HttpTestClient chars(charUrl);
    chars.setBearer(adminToken);
    QStringList absent;
    for (auto it = acked.begin(); it != acked.end(); ++it) {
        const QJsonObject record = chars.get(QLatin1Char('/') + it.key()).json().object();
        const QJsonObject stats = record.value(QStringLiteral("stats")).toObject();
        for (const QString &key : it.value())
            if (!stats.contains(key))
                absent.append(it.key() + QLatin1Char('.') + key);
    }
    return absent;
}

void CharacterUpdater::sendNext()
{
    if (m_busy || m_characters.isEmpty())
        return;
    m_busy = true;
    const int serial = m_next++;
    const QString character = m_characters.at(serial % m_characters.size());
    const QString key = QStringLiteral("quest_%1").arg(serial);
    m_client.post(QLatin1Char('/') + character, {{QStringLiteral("stats"), QJsonObject{{key, serial}}}}, this,
                  [this, character, key](const ServiceResult &result) {
                      m_busy = false;
                      if (result.ok) {
                          m_acked[character].append(key);
                          emit acknowledged();
                          return;
                      }
                      ++m_failures;
                      ++m_statuses[result.status];
                      m_lastError = result.error;
                  });
}

} // namespace smmo::test
