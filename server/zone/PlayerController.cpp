// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PlayerController.h"

#include "ApiError.h"
#include "Zone.h"

namespace smmo {

namespace {

double numberField(const HttpRequest &request, const QString &name)
{
    const QString text = request.field(name).trimmed();
    if (text.isEmpty())
        return 0;
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok)
        throw ApiError::badRequest(QStringLiteral("x, y and z must be numbers from -1 to 1."));
    return value;
}

} // namespace

void PlayerController::registerRoutes(HttpServer &http)
{
    http.post(QStringLiteral("/setstatus"), [this](const HttpRequest &r) { return setStatusAction(r); });
    http.post(QStringLiteral("/movement"), [this](const HttpRequest &r) { return movementAction(r); });
    http.routeAsync({"POST"}, QStringLiteral("/activate/<id>"),
                    [this](const HttpRequest &r, HttpResponder responder) { activateAction(r, responder); });
    http.post(QStringLiteral("/say"), [this](const HttpRequest &r) { return sayAction(r); });
    http.routeAsync({"POST"}, QStringLiteral("/tell"),
                    [this](const HttpRequest &r, HttpResponder responder) { tellAction(r, responder); });
}

Character PlayerController::ownCharacter(const HttpRequest &request)
{
    const auto &session = request.requireSession();
    const Character character =
        m_zone.requireOwnCharacter(session, request.field(QStringLiteral("character")));
    m_zone.noteActivity();
    return character;
}

HttpReply PlayerController::setStatusAction(const HttpRequest &request)
{
    const Character character = ownCharacter(request);
    const QString status = request.field(QStringLiteral("status")).trimmed().toLower();
    if (status != QLatin1String("online") && status != QLatin1String("offline"))
        return HttpReply::jsonValue(false);
    m_zone.setStatus(character, status == QLatin1String("online"));
    return HttpReply::jsonValue(true);
}

HttpReply PlayerController::movementAction(const HttpRequest &request)
{
    const Character character = ownCharacter(request);
    const double x = numberField(request, QStringLiteral("x"));
    const double y = numberField(request, QStringLiteral("y"));
    const double z = numberField(request, QStringLiteral("z"));
    Zone::checkStep(x, y, z); // before entering: bad input changes nothing
    m_zone.enter(character);  // a character that acts in a zone is in it
    const ZoneObject *moved = m_zone.move(character.name, x, y, z);
    return moved ? HttpReply::json(moved->toJson()) : HttpReply::jsonValue(false);
}

void PlayerController::activateAction(const HttpRequest &request, HttpResponder responder)
{
    const Character character = ownCharacter(request);
    bool ok = false;
    const qint64 id = request.param(QStringLiteral("id")).toLongLong(&ok);
    if (!ok || !m_zone.world().find(id))
        throw ApiError::notFound(
            QStringLiteral("No such object: %1").arg(request.param(QStringLiteral("id"))));
    m_zone.activate(id, character.name,
                    [responder](const QJsonValue &result) { responder.send(HttpReply::jsonValue(result)); });
}

HttpReply PlayerController::sayAction(const HttpRequest &request)
{
    const Character character = ownCharacter(request);
    const QString text = Zone::checkedText(request.field(QStringLiteral("text")));
    m_zone.enter(character);
    return HttpReply::json(m_zone.say(character.name, text).toJson());
}

void PlayerController::tellAction(const HttpRequest &request, HttpResponder responder)
{
    const Character character = ownCharacter(request);
    const QString text = Zone::checkedText(request.field(QStringLiteral("text")));
    const QString to =
        request.requireField(QStringLiteral("to"), QStringLiteral("Whom to tell is required (to)."));
    m_zone.enter(character);
    m_zone.tell(character.name, to, text,
                [responder](int status, const QJsonValue &result, const QString &error) {
                    if (status == 200)
                        responder.send(HttpReply::jsonValue(result));
                    else
                        responder.send(HttpReply::error(status, error));
                });
}

} // namespace smmo
