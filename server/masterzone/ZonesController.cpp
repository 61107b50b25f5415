// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZonesController.h"

#include "ApiError.h"
#include "ServiceClient.h"
#include "ZoneAccess.h"
#include "ZoneClients.h"
#include "ZonePool.h"
#include "ZoneRegistry.h"

#include <QJsonArray>

#include <memory>

namespace smmo {

namespace {

HttpReply errorReply(const ZoneOutcome &outcome)
{
    return HttpReply::error(outcome.status, outcome.message);
}

// The figures an operator wants from a zone's /health, under stable names.
void addLiveFigures(QJsonObject &entry, const QJsonObject &health)
{
    for (const char *key : {"players", "objects", "tick_ms", "tick_ms_p99"})
        if (health.contains(QLatin1String(key)))
            entry.insert(QLatin1String(key), health.value(QLatin1String(key)));
    if (health.contains(QStringLiteral("uptime")))
        entry.insert(QStringLiteral("uptime"), health.value(QStringLiteral("uptime")));
    entry.insert(QStringLiteral("health"), health);
}

} // namespace

void ZonesController::registerRoutes(HttpServer &http)
{
    http.routeAsync({"GET"}, QStringLiteral("/zones"),
                    [this](const HttpRequest &r, HttpResponder s) { listAction(r, std::move(s)); });
    http.get(QStringLiteral("/zones/pool"), [this](const HttpRequest &r) { return poolAction(r); });
    http.routeAsync({"POST"}, QStringLiteral("/zones/<zoneid>/start"),
                    [this](const HttpRequest &r, HttpResponder s) { startAction(r, std::move(s)); });
    http.routeAsync({"POST"}, QStringLiteral("/zones/<zoneid>/stop"),
                    [this](const HttpRequest &r, HttpResponder s) { stopAction(r, std::move(s)); });
    http.routeAsync({"POST"}, QStringLiteral("/zones/<zoneid>/kill"),
                    [this](const HttpRequest &r, HttpResponder s) { killAction(r, std::move(s)); });
    http.routeAsync({"POST"}, QStringLiteral("/zones/<zoneid>/restart"),
                    [this](const HttpRequest &r, HttpResponder s) { restartAction(r, std::move(s)); });
    // Last and least specific: every fixed route above (and /health, /ping, ...) wins over it.
    http.routeAsync({"GET"}, QStringLiteral("/<zoneid>"),
                    [this](const HttpRequest &r, HttpResponder s) { lookupAction(r, std::move(s)); });
}

QJsonObject ZonesController::toJson(const ZoneInfo &zone)
{
    QJsonObject json{
        {QStringLiteral("id"), zone.id},
        {QStringLiteral("state"), zoneStateName(zone.state)},
        {QStringLiteral("url"), zone.url.isEmpty() ? QJsonValue() : QJsonValue(zone.url.toString())},
        {QStringLiteral("pid"), zone.pid > 0 ? QJsonValue(zone.pid) : QJsonValue()},
        {QStringLiteral("adopted"), zone.adopted},
        {QStringLiteral("from_pool"), zone.fromPool}};
    if (zone.startedAt.isValid()) {
        json.insert(QStringLiteral("started"), zone.startedAt.toUTC().toString(Qt::ISODateWithMs));
        json.insert(QStringLiteral("uptime"),
                    double(zone.startedAt.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0);
    }
    if (!zone.lastError.isEmpty())
        json.insert(QStringLiteral("error"), zone.lastError);
    QJsonArray companions;
    for (const auto &companion : zone.companions) {
        QJsonObject entry{
            {QStringLiteral("name"), companion.name},
            {QStringLiteral("state"), companion.state},
            {QStringLiteral("pid"), companion.pid > 0 ? QJsonValue(companion.pid) : QJsonValue()},
            {QStringLiteral("restarts"), companion.restarts}};
        if (!companion.lastExit.isEmpty())
            entry.insert(QStringLiteral("last_exit"), companion.lastExit);
        companions.append(entry);
    }
    json.insert(QStringLiteral("companions"), companions);
    return json;
}

void ZonesController::lookupAction(const HttpRequest &request, HttpResponder responder)
{
    const auto &session = request.requireSession();
    const QString zoneId = m_access.enter(request.param(QStringLiteral("zoneid")), session).toString();
    m_registry.request(zoneId, [responder](const ZoneOutcome &outcome) {
        responder.send(outcome.isOk() ? HttpReply::text(outcome.url.toString()) : errorReply(outcome));
    });
}

HttpReply ZonesController::poolAction(const HttpRequest &request) const
{
    request.requireRole(QStringLiteral("admin"));
    QJsonArray processes;
    for (const auto &process : m_pool.processes())
        processes.append(QJsonObject{
            {QStringLiteral("pid"), process.pid > 0 ? QJsonValue(process.pid) : QJsonValue()},
            {QStringLiteral("url"),
             process.url.isEmpty() ? QJsonValue() : QJsonValue(process.url.toString())},
            {QStringLiteral("state"), process.ready ? QStringLiteral("ready") : QStringLiteral("starting")},
            {QStringLiteral("started"), process.startedAt.toUTC().toString(Qt::ISODateWithMs)}});
    return HttpReply::json(QJsonObject{{QStringLiteral("size"), m_pool.size()},
                                       {QStringLiteral("ready"), m_pool.readyCount()},
                                       {QStringLiteral("starting"), m_pool.startingCount()},
                                       {QStringLiteral("processes"), processes}});
}

void ZonesController::listAction(const HttpRequest &request, HttpResponder responder)
{
    request.requireRole(QStringLiteral("admin"));
    const QList<ZoneInfo> zones = m_registry.zones();
    // Every running zone is asked at once; the answer goes out when the last has replied (each
    // call has its own timeout, so a hung zone delays the list by that at most).
    struct Pending
    {
        QJsonArray entries;
        int outstanding = 0;
        HttpResponder responder;
        void finishOne()
        {
            if (--outstanding == 0)
                responder.send(HttpReply::json(entries));
        }
    };
    auto pending = std::make_shared<Pending>();
    pending->responder = responder;
    pending->outstanding = 1; // released below, after every call has been made
    for (const auto &zone : zones) {
        const qsizetype index = pending->entries.size();
        pending->entries.append(toJson(zone));
        if (zone.state != ZoneState::Running)
            continue;
        ++pending->outstanding;
        m_clients.forZone(zone.url).get(QStringLiteral("/health"), &m_clients,
                                        [pending, index](const ServiceResult &result) {
                                            QJsonObject entry = pending->entries.at(index).toObject();
                                            if (result.status != 0)
                                                addLiveFigures(entry, result.object());
                                            else
                                                entry.insert(QStringLiteral("health_error"), result.error);
                                            pending->entries.replace(index, entry);
                                            pending->finishOne();
                                        });
    }
    pending->finishOne();
}

void ZonesController::answerEntry(const QString &zoneId, const ZoneOutcome &outcome,
                                  const HttpResponder &responder) const
{
    if (!outcome.isOk()) {
        responder.send(errorReply(outcome));
        return;
    }
    const auto zone = m_registry.zone(zoneId);
    responder.send(HttpReply::json(
        zone ? toJson(*zone)
             : QJsonObject{{QStringLiteral("id"), zoneId}, {QStringLiteral("url"), outcome.url.toString()}}));
}

void ZonesController::answerStopped(const QString &zoneId, const ZoneOutcome &outcome,
                                    const HttpResponder &responder)
{
    if (!outcome.isOk()) {
        responder.send(errorReply(outcome));
        return;
    }
    responder.send(HttpReply::json(QJsonObject{{QStringLiteral("id"), zoneId},
                                               {QStringLiteral("state"), QStringLiteral("stopped")},
                                               {QStringLiteral("message"), outcome.message}}));
}

void ZonesController::startAction(const HttpRequest &request, HttpResponder responder)
{
    request.requireRole(QStringLiteral("admin"));
    const QString zoneId = m_access.existing(request.param(QStringLiteral("zoneid"))).toString();
    m_registry.request(zoneId, [this, zoneId, responder](const ZoneOutcome &outcome) {
        answerEntry(zoneId, outcome, responder);
    });
}

void ZonesController::stopAction(const HttpRequest &request, HttpResponder responder)
{
    request.requireRole(QStringLiteral("admin"));
    const QString zoneId = request.param(QStringLiteral("zoneid"));
    m_registry.stop(zoneId,
                    [zoneId, responder](const ZoneOutcome &o) { answerStopped(zoneId, o, responder); });
}

void ZonesController::killAction(const HttpRequest &request, HttpResponder responder)
{
    request.requireRole(QStringLiteral("admin"));
    const QString zoneId = request.param(QStringLiteral("zoneid"));
    m_registry.kill(zoneId,
                    [zoneId, responder](const ZoneOutcome &o) { answerStopped(zoneId, o, responder); });
}

void ZonesController::restartAction(const HttpRequest &request, HttpResponder responder)
{
    request.requireRole(QStringLiteral("admin"));
    const QString zoneId = m_access.existing(request.param(QStringLiteral("zoneid"))).toString();
    m_registry.restart(zoneId, [this, zoneId, responder](const ZoneOutcome &outcome) {
        answerEntry(zoneId, outcome, responder);
    });
}

} // namespace smmo
