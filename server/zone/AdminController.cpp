// SPDX-License-Identifier: AGPL-3.0-or-later
#include "AdminController.h"

#include "ApiError.h"
#include "HttpServer.h"
#include "ScriptFaultLog.h"
#include "Zone.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace smmo {

void AdminController::registerRoutes(HttpServer &http)
{
    http.post(QStringLiteral("/admin"), [this](const HttpRequest &r) { return adminAction(r); });
    http.get(QStringLiteral("/admin/scripts"), [this](const HttpRequest &r) { return scriptsAction(r); });
}

HttpReply AdminController::scriptsAction(const HttpRequest &request)
{
    request.requireRole(QStringLiteral("admin"));
    return HttpReply::json(m_scripts.toJson());
}

HttpReply AdminController::adminAction(const HttpRequest &request)
{
    const auto &session = request.requireRole(QStringLiteral("admin"));
    const QString command =
        request.requireField(QStringLiteral("command"), QStringLiteral("A command is required.")).trimmed();
    // args: a JSON array in a JSON body, or its text in a form field.
    QJsonArray args;
    const QJsonValue raw = request.fields().value(QStringLiteral("args"));
    if (raw.isArray()) {
        args = raw.toArray();
    } else if (raw.isString() && !raw.toString().trimmed().isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(raw.toString().toUtf8());
        if (!document.isArray())
            throw ApiError::badRequest(QStringLiteral("args must be a JSON array."));
        args = document.array();
    } else if (!raw.isUndefined() && !raw.isNull() && !raw.isString()) {
        throw ApiError::badRequest(QStringLiteral("args must be a JSON array."));
    }
    return HttpReply::jsonValue(m_zone.admin(command, args, session));
}

} // namespace smmo
